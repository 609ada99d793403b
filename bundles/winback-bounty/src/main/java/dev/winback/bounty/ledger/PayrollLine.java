package dev.winback.bounty.ledger;

import dev.winback.api.bounty.BountyCalculation;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** What payroll pays one rep in one currency for one period: approved (to be paid) and paid amounts. */
public class PayrollLine {
    public String period;
    public String rep;
    public String currency;
    public BigDecimal approved;
    public BigDecimal paid;
    public int entries;

    public PayrollLine() {
    }

    PayrollLine(String period, String rep, String currency, BigDecimal approved, BigDecimal paid, int entries) {
        this.period = period;
        this.rep = rep;
        this.currency = currency.trim();
        // Sums of amounts rounded to the currency's minor unit: shown at that unit, as payroll expects.
        int unit = BountyCalculation.minorUnit(this.currency);
        this.approved = approved.setScale(Math.max(unit, approved.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY);
        this.paid = paid.setScale(Math.max(unit, paid.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY);
        this.entries = entries;
    }

    void add(BigDecimal amount) {
        paid = paid.add(amount);
        entries++;
    }
}
