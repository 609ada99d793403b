package dev.winback.api.detect;

/** Where a detection run stands. */
public enum DetectionStatus {
    RUNNING,
    COMPLETED,
    /** Stopped by a fault (too little history to fit the model, database down, restart); see its failure. */
    FAILED
}
