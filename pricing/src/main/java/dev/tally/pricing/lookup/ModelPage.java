package dev.tally.pricing.lookup;

import dev.tally.pricing.Model;
import java.util.List;

/**
 * Models of a listing, in id order.
 *
 * @param totalSize models matching the filter across all pages
 */
public record ModelPage(List<Model> models, int totalSize) {}
