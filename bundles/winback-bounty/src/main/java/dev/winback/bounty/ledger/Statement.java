package dev.winback.bounty.ledger;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rep's bounties of one payroll period: every entry written in it or paid in it, what was written in it by state
 * (as each entry stands now), and what the period's payout paid. An entry written in March and paid in May is in
 * both statements, and counted as paid only in May's.
 */
public class Statement {
    public String rep;
    public String period;
    /** Entries written in the period: currency, then state now, then the sum. */
    public Map<String, Map<EntryState, BigDecimal>> written;
    /** What payouts of the period paid the rep, by currency (entries of the period or earlier ones). */
    public Map<String, BigDecimal> paid;
    public List<BountyEntry> entries;

    static Statement of(String rep, String period, List<BountyEntry> entries) {
        Statement s = new Statement();
        s.rep = rep;
        s.period = period;
        s.entries = entries;
        s.written = new LinkedHashMap<>();
        s.paid = new LinkedHashMap<>();
        for (BountyEntry e : entries) {
            if (period.equals(e.period)) {
                s.written.computeIfAbsent(e.currency, k -> new LinkedHashMap<>()).merge(e.state, e.amount,
                        BigDecimal::add);
            }
            if (e.state == EntryState.PAID && period.equals(e.paidPeriod)) {
                s.paid.merge(e.currency, e.amount, BigDecimal::add);
            }
        }
        return s;
    }
}
