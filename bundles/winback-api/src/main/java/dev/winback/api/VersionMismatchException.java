package dev.winback.api;

/** The caller changed an entity from a stale version (If-Match did not match). REST: 412. */
public class VersionMismatchException extends WinbackException {
    private static final long serialVersionUID = 1L;
    private final long currentVersion;

    public VersionMismatchException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
