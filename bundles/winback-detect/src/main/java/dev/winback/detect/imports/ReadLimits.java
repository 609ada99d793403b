package dev.winback.detect.imports;

/**
 * How much a reader takes from one input before it gives up, enforced as it reads so that hostile input costs no
 * more than the limit: the data after gzip decompression (a small file that inflates to gigabytes is refused once
 * the limit is crossed), and the characters of one record, counted as they arrive, so an endless line or field is
 * never built in memory.
 *
 * @param maxDataBytes   the most bytes of data, after decompression, that an input may hold
 * @param maxLineCharacters the most characters of one record: a line, or a CSV record with quoted line breaks
 */
public record ReadLimits(long maxDataBytes, int maxLineCharacters) {
    /** The line limit when the admin sets none: far beyond any purchase row, and about 200 KB of heap. */
    public static final int DEFAULT_MAX_LINE_CHARACTERS = 100_000;
    /** No data limit, the default line limit: for files an admin names on the server. */
    public static final ReadLimits DEFAULT = new ReadLimits(Long.MAX_VALUE, DEFAULT_MAX_LINE_CHARACTERS);

    public ReadLimits {
        if (maxDataBytes < 1) {
            throw new IllegalArgumentException("the data limit must be at least 1 byte, was " + maxDataBytes);
        }
        if (maxLineCharacters < 1) {
            throw new IllegalArgumentException("the line limit must be at least 1 character, was "
                    + maxLineCharacters);
        }
    }

    /** These limits with no limit on the data. */
    public ReadLimits withoutDataLimit() {
        return new ReadLimits(Long.MAX_VALUE, maxLineCharacters);
    }

    /** {@code 16 MiB}, or bytes below a mebibyte. */
    static String size(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
