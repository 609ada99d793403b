package dev.winback.core;

/** Bounds for list requests: a page beyond reason is a client mistake, not a reason to scan the table. */
final class Paging {
    static final int MAX_SIZE = 200;

    private Paging() {
    }

    static void check(FieldRules rules, int page, int size) {
        if (page < 0) {
            rules.problem("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            rules.problem("size", "must be between 1 and " + MAX_SIZE);
        }
    }
}
