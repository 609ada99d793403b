package dev.winback.reputation.shell;

import dev.winback.api.Actor;
import dev.winback.api.WinbackException;
import dev.winback.reputation.summary.ReputationSummaries;
import dev.winback.reputation.summary.ReputationSummary;
import dev.winback.reputation.summary.ReputationSummary.Move;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:nps}: the reputation summary of a window as a table, the figures of GET /reputation/summary. */
@Command(scope = "winback", name = "nps", description = "Shows NPS, bands, detractor moves, closing the loop, "
        + "rescue, the recovery paradox, word-of-mouth reach and advocacy of a window")
@Service
public class NpsCommand implements Action {

    @Reference
    ReputationSummaries summaries;

    @Option(name = "--from", description = "First day, yyyy-MM-dd (default: 364 days before --to)")
    String from;

    @Option(name = "--to", description = "Last day, yyyy-MM-dd (default: today, UTC)")
    String to;

    @Option(name = "--segment", description = "Only customers of this segment")
    String segment;

    @Option(name = "--strategy", description = "Only customers a case of this strategy was run for")
    String strategy;

    @Option(name = "--unhappy-tells", description = "People a detractor tells (default: the configured number)")
    String unhappyTells;

    @Option(name = "--happy-tells", description = "People a promoter tells (default: the configured number)")
    String happyTells;

    @Override
    public Object execute() {
        ReputationSummary s;
        try {
            s = summaries.summarize(summaries.query(from, to, segment, strategy, unhappyTells, happyTells),
                    Actor.consoleManager());
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        print(s, System.out);
        return null;
    }

    /** Prints the summary as the command shows it. */
    public static void print(ReputationSummary s, PrintStream out) {
        out.println("Reputation from " + s.from + " to " + s.to + (s.segment == null ? "" : ", segment " + s.segment)
                + (s.strategy == null ? "" : ", strategy " + s.strategy) + ": " + s.answers + " answers ("
                + s.corrections + " corrections) from " + s.respondents + " customers");
        ShellTable table = new ShellTable();
        table.column("Figure");
        table.column("Value");
        table.column("Detail");
        row(table, "NPS", s.nps.score, s.nps.promoters + " promoters, " + s.nps.passives + " passives, "
                + s.nps.detractors + " detractors of " + s.nps.respondents);
        row(table, "CSAT (% satisfied)", s.csat.score, s.csat.satisfied + " satisfied, " + s.csat.neutral
                + " neutral, " + s.csat.unsatisfied + " unsatisfied of " + s.csat.respondents);
        row(table, "Bands (latest answer)", "", s.bands.promoters + " promoters, " + s.bands.passives
                + " passives, " + s.bands.detractors + " detractors");
        row(table, "Answers by channel", s.answers, "API " + s.answersByChannel.get("API") + ", IMPORT "
                + s.answersByChannel.get("IMPORT") + ", LINK " + s.answersByChannel.get("LINK"));
        row(table, "Corrected away", s.correctedAway, "detractor answers corrected into a passive or promoter");
        move(table, "Moves, went through recovery", s.moves.wentThroughRecovery);
        move(table, "Moves, no recovery", s.moves.noRecovery);
        row(table, "Close the loop (% in time)", s.closeTheLoop.closeTheLoopRate, s.closeTheLoop.contactedInTime
                + " in time, " + s.closeTheLoop.contactedLate + " late, " + s.closeTheLoop.awaitingContact
                + " awaiting, " + s.closeTheLoop.overdue + " overdue, " + s.closeTheLoop.notOpened
                + " not opened of " + s.closeTheLoop.complaints + " complaints");
        row(table, "Median hours to first contact", s.closeTheLoop.medianHoursToFirstContact, "");
        row(table, "Rescue rate (%)", s.rescue.rescueRate, s.rescue.rescued + " of " + s.rescue.detractors
                + " detractors bought again");
        row(table, "Recovery paradox", s.recoveryParadox.paradox, "NPS " + dash(s.recoveryParadox.npsBefore)
                + " before, " + dash(s.recoveryParadox.npsAfter) + " after, " + s.recoveryParadox.pairs + " pairs of "
                + s.recoveryParadox.wonBack + " win-backs");
        row(table, "Net word-of-mouth reach", s.wordOfMouth.netReach, s.wordOfMouth.positiveReach + " positive, "
                + s.wordOfMouth.negativeReach + " negative (tells: unhappy " + s.wordOfMouth.unhappyTells + ", happy "
                + s.wordOfMouth.happyTells + ", " + s.wordOfMouth.multipliers.toLowerCase(Locale.ROOT) + ")");
        row(table, "Net reach recovered", s.wordOfMouth.netReachRecovered, "");
        row(table, "Advocacy", "", s.advocacy.testimonials + " testimonials, " + s.advocacy.referrals
                + " referrals, " + s.advocacy.publicReviews + " public reviews; referral revenue "
                + s.advocacy.referralRevenue.toPlainString());
        table.print(out);
    }

    private static void move(ShellTable table, String name, Move m) {
        row(table, name, m.detractors + " detractors", m.toPassive + " to passive (" + rate(m.toPassiveRate) + "), "
                + m.toPromoter + " to promoter (" + rate(m.toPromoterRate) + "), " + m.stillDetractor + " still ("
                + rate(m.stillDetractorRate) + "), " + m.noLaterAnswer + " no later answer");
    }

    private static String rate(Object percent) {
        return percent == null ? "-" : percent + " %";
    }

    /** A figure, or a dash for one that has nothing to be computed from. */
    private static String dash(Object value) {
        return Objects.toString(value, "-");
    }

    private static void row(ShellTable table, String figure, Object value, String detail) {
        table.addRow().addContent(figure, dash(value), detail);
    }
}
