package dev.winback.detect.imports;

/** Told after every data row of an import, so that a long import can show how far it got. */
@FunctionalInterface
public interface ReadProgress {
    ReadProgress NONE = (rows, purchases, errors) -> { };

    /**
     * @param rows      data rows read so far, good and bad
     * @param purchases rows read as purchases so far
     * @param errors    bad rows so far
     */
    void afterRow(long rows, long purchases, long errors);
}
