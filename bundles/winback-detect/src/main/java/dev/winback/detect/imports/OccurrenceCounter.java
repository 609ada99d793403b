package dev.winback.detect.imports;

import java.util.Arrays;

/**
 * Counts how often each 64-bit key has been seen, in an open-addressing table of primitives (about 24 bytes per
 * distinct key at most), so that a file of millions of rows needs tens of megabytes, not a copy of the file.
 */
final class OccurrenceCounter {
    private long[] keys = new long[1024];
    private int[] counts = new int[1024];
    private int size;
    private boolean zeroSeen;
    private int zeroCount;

    /** Counts one more occurrence of {@code key} and returns the count including it (1 for the first). */
    int increment(long key) {
        if (key == 0) {
            zeroSeen = true;
            return ++zeroCount;
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return ++counts[i];
            }
            if (k == 0) {
                keys[i] = key;
                counts[i] = 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return 1;
            }
            i = (i + 1) & mask;
        }
    }

    int distinct() {
        return size + (zeroSeen ? 1 : 0);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = mix(k) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                counts[i] = oldCounts[j];
            }
        }
        Arrays.fill(oldKeys, 0);
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
