package dev.winback.api.dto;

import java.math.BigDecimal;
import java.util.UUID;

/** Why a detection run flagged the customer of a LAPSED case: the score and the rule, as they were at the time. */
public class DetectionFinding {
    /** The detection run that opened the case. */
    public UUID runId;
    /** The model's probability that the customer was still active. */
    public Double probabilityAlive;
    /** What winning them back is worth over the run's horizon, in the purchases' currency. */
    public BigDecimal secondLifetimeValue;
    /** For a person, e.g. {@code P(alive) 0.08 below 0.30; no purchase in 412 days (rule: 365)}. */
    public String reason;
}
