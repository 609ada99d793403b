package dev.winback.reputation;

import dev.winback.api.InvalidInputException;

/** The module's lists page alike: zero-based pages of 1 to {@value #MAX_SIZE} items. */
public final class Paging {
    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    /** @throws InvalidInputException a negative page, or a size out of range */
    public static void check(int page, int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("size", "must be from 1 to " + MAX_SIZE);
        }
    }
}
