package dev.winback.api.detect;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** One scoring of the whole customer base, and the LAPSED cases it opened. */
public class DetectionRun {
    public UUID id;
    public DetectionStatus status;
    public String requestedBy;
    /**
     * The Winback node (Karaf instance) that runs the run, or ran it last (see {@link ImportJob#node}); null for runs
     * from before nodes were recorded.
     */
    public String node;
    /** How often the run was started: 1, and one more for every retry. */
    public int attempts;
    /** When the run started (its latest attempt, once retried). */
    public Instant startedAt;
    public Instant finishedAt;
    /** The request with the defaults filled in. */
    public LocalDate calibrationEnd;
    public double probabilityAliveThreshold;
    public List<RfmRule> rules;
    public Integer maxCases;
    public String lossReason;
    public boolean dryRun;
    /** The model fitted on this run's history; null until fitted. */
    public FittedModel model;
    /** Customers scored: every customer with a purchase on or before the calibration end. */
    public long customers;
    /** Customers below the threshold or matching a rule. */
    public long flagged;
    /** Flagged customers that already had an open (or paused) case, so got no new one. */
    public long alreadyOpen;
    /** Cases this run opened. */
    public long casesOpened;
    /** Flagged customers skipped because they asked not to be contacted (a contact block). */
    public long contactBlocked;
    /** Why the run failed, or null. A FAILED run may be retried with the same settings. */
    public String failure;
}
