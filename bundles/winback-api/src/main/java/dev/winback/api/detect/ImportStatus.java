package dev.winback.api.detect;

/** Where an import job stands. {@code COMPLETED}, {@code ABORTED} and {@code FAILED} are final. */
public enum ImportStatus {
    QUEUED,
    RUNNING,
    /** Read to the end; its purchases are stored. */
    COMPLETED,
    /** Stopped because the error budget was spent or the file could not be read as told; nothing was stored. */
    ABORTED,
    /** Stopped by a fault on our side (database down, restart); nothing was stored. */
    FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == ABORTED || this == FAILED;
    }
}
