package dev.tally.invoice.domain;

import java.util.UUID;

/** Server-assigned ids: a prefix naming the resource, then 32 random hex digits ({@code sub_3f2a…}). */
public final class Ids {

    private Ids() {}

    public static String plan() {
        return next("plan");
    }

    public static String customer() {
        return next("cus");
    }

    public static String subscription() {
        return next("sub");
    }

    public static String invoice() {
        return next("inv");
    }

    private static String next(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }
}
