package dev.winback.api.detect;

import java.time.LocalDate;
import java.util.List;

/** What a detection run looks at and which customers it flags. Every field is optional. */
public class DetectionRequest {
    /** The last day of purchase history the run sees; today if absent. */
    public LocalDate calibrationEnd;
    /** Customers whose P(alive) is below this (0 to 1, exclusive) are flagged; the admin's default if absent. */
    public Double probabilityAliveThreshold;
    /** Rules that flag customers on their own; the admin's configured rules if absent, none if empty. */
    public List<RfmRule> rules;
    /** Opens at most this many cases, the highest second lifetime value first; no limit if absent. */
    public Integer maxCases;
    /** Loss reason code recorded on opened cases; the admin's default if absent. */
    public String lossReason;
    /** Scores and counts but opens no case. */
    public Boolean dryRun;
}
