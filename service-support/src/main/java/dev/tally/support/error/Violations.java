package dev.tally.support.error;

import java.util.ArrayList;
import java.util.List;

/** Collects every bad field of a request, then fails once with all of them. */
public final class Violations {

    private final List<TallyException.FieldViolation> found = new ArrayList<>();

    public Violations add(String field, String description) {
        found.add(new TallyException.FieldViolation(field, description));
        return this;
    }

    /** Adds a violation when {@code bad} holds. */
    public Violations check(boolean bad, String field, String description) {
        if (bad) {
            add(field, description);
        }
        return this;
    }

    public Violations requireNonBlank(String value, String field) {
        return check(value == null || value.isBlank(), field, "must not be empty");
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<TallyException.FieldViolation> list() {
        return List.copyOf(found);
    }

    /** Throws INVALID_ARGUMENT with every collected violation, if any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw TallyException.invalid(found);
        }
    }
}
