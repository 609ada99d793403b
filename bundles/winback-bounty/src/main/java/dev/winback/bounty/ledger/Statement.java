package dev.winback.bounty.ledger;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rep's bounties of one payroll period: every entry, and the sums per currency and state. */
public class Statement {
    public String rep;
    public String period;
    /** Currency, then state, then the sum. */
    public Map<String, Map<EntryState, BigDecimal>> totals;
    public List<BountyEntry> entries;

    static Map<String, Map<EntryState, BigDecimal>> totals(List<BountyEntry> entries) {
        Map<String, Map<EntryState, BigDecimal>> totals = new LinkedHashMap<>();
        for (BountyEntry e : entries) {
            totals.computeIfAbsent(e.currency, k -> new LinkedHashMap<>()).merge(e.state, e.amount, BigDecimal::add);
        }
        return totals;
    }
}
