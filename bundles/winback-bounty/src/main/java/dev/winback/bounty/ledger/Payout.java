package dev.winback.bounty.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One payout: a period's approved entries marked paid, with what each rep got per currency. */
public class Payout {
    public UUID id;
    public String period;
    public String paidBy;
    public Instant paidAt;
    public int entries;
    public List<PayrollLine> totals;
}
