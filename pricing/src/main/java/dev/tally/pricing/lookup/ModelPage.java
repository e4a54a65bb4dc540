package dev.tally.pricing.lookup;

import dev.tally.pricing.Model;

import java.util.List;

/**
 * One page of a model listing.
 *
 * @param nextAfterId the last id of this page when more follow, else null
 * @param totalSize   models matching the filter across all pages
 */
public record ModelPage(List<Model> models, String nextAfterId, int totalSize) {
}
