package dev.tally.invoice.domain;

/**
 * One version of a plan, by plan id and version number; stored as {@code <plan_id>@<version>}
 * (e.g. {@code plan_3f2a…@2}), the id of its {@code plan_version} row.
 */
public record PlanRef(String planId, int version) {

    /** The reference a stored {@link #id()} names. */
    public static PlanRef of(String id) {
        int at = id.lastIndexOf('@');
        if (at < 1) {
            throw new IllegalArgumentException("not a plan version id: " + id);
        }
        return new PlanRef(id.substring(0, at), Integer.parseInt(id.substring(at + 1)));
    }

    public String id() {
        return planId + "@" + version;
    }
}
