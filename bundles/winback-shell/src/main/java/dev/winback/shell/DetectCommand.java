package dev.winback.shell;

import dev.winback.api.Actor;
import dev.winback.api.WinbackException;
import dev.winback.api.detect.DetectionRequest;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionService;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.FittedModel;
import dev.winback.api.detect.RfmRule;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code winback:detect}: runs lapsed-customer detection and waits for it. Without options the admin's configured
 * threshold and rules apply; giving any rule option replaces the configured rules for this run.
 */
@Command(scope = "winback", name = "detect", description = "Scores every customer with the BG/NBD model and RFM "
        + "rules and opens a LAPSED case for each lapsed one without an open case")
@Service
public class DetectCommand implements Action {
    private static final long POLL_MILLIS = 250;

    @Reference
    DetectionService detection;

    @Option(name = "--calibration-end", description = "Last day of history to look at, yyyy-MM-dd (default today)")
    String calibrationEnd;

    @Option(name = "--threshold", description = "Flag customers whose P(alive) is below this (0-1)")
    Double threshold;

    @Option(name = "--no-purchase-in-days", description = "Rule: flag customers silent for at least this many days")
    Integer noPurchaseInDays;

    @Option(name = "--silent-for-gaps", description = "Rule: flag customers silent for more than this many times "
            + "their usual gap between purchases")
    Double silentForGaps;

    @Option(name = "--no-rules", description = "Apply the P(alive) threshold only, no RFM rule")
    boolean noRules;

    @Option(name = "--max-cases", description = "Open at most this many cases, most valuable first")
    Integer maxCases;

    @Option(name = "--loss-reason", description = "Loss-reason code for the opened cases")
    String lossReason;

    @Option(name = "--dry-run", description = "Score and count, open no case")
    boolean dryRun;

    @Override
    public Object execute() throws Exception {
        DetectionRequest request = new DetectionRequest();
        if (calibrationEnd != null) {
            try {
                request.calibrationEnd = LocalDate.parse(calibrationEnd.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--calibration-end must be a date such as 2026-06-30, not '"
                        + calibrationEnd + "'");
            }
        }
        request.probabilityAliveThreshold = threshold;
        if (noRules || noPurchaseInDays != null || silentForGaps != null) {
            List<RfmRule> rules = new ArrayList<>();
            if (noPurchaseInDays != null) {
                rules.add(RfmRule.noPurchaseInDays(noPurchaseInDays));
            }
            if (silentForGaps != null) {
                rules.add(RfmRule.silentForUsualGaps(silentForGaps));
            }
            request.rules = rules;
        }
        request.maxCases = maxCases;
        request.lossReason = lossReason;
        request.dryRun = dryRun;
        try {
            DetectionRun run = detection.start(request, Actor.consoleManager());
            System.out.println("Detection run " + run.id + " started");
            while (run.status == DetectionStatus.RUNNING) {
                Thread.sleep(POLL_MILLIS);
                run = detection.get(run.id, Actor.consoleManager()).orElseThrow();
            }
            report(System.out, run);
            if (run.status == DetectionStatus.FAILED) {
                throw new IllegalStateException("Detection run " + run.id + " failed: " + run.failure);
            }
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return null;
    }

    static void report(PrintStream out, DetectionRun run) {
        out.println("Detection run " + run.id + ": " + run.status);
        out.println("  history up to " + run.calibrationEnd + ", P(alive) threshold " + run.probabilityAliveThreshold
                + (run.dryRun ? ", dry run" : ""));
        FittedModel m = run.model;
        if (m != null) {
            out.printf("  model: r=%.4f alpha=%.4f a=%.4f b=%.4f log-likelihood=%.1f (%,d customers)%n", m.r,
                    m.alpha, m.a, m.b, m.logLikelihood, m.customers);
        }
        out.printf("  %,d customers scored, %,d flagged, %,d already had an open case, %,d cases opened%n",
                run.customers, run.flagged, run.alreadyOpen, run.casesOpened);
    }
}
