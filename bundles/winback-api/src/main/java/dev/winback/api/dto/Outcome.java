package dev.winback.api.dto;

import java.time.Instant;

/** What came of a {@link RecoveryStep}: a strategy-defined code (e.g. {@code CAN_DO}) and the rep's notes. */
public class Outcome {
    public String code;
    public String notes;
    public String recordedBy;
    public Instant recordedAt;
}
