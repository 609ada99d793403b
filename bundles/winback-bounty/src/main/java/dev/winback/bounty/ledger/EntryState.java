package dev.winback.bounty.ledger;

/**
 * Where a ledger entry is on its way to payroll. HELD waits for the customer's first payment after the win-back;
 * ACCRUED (a plan without holdback, an adjustment, the reversal of a paid entry) and PAYABLE (holdback released) wait
 * for a manager's approval; APPROVED entries are paid by the next payout of their period; REVERSED entries were taken
 * back before they were paid, together with their reversal.
 */
public enum EntryState {
    ACCRUED, HELD, PAYABLE, APPROVED, PAID, REVERSED;

    /** Whether a manager may approve an entry in this state. */
    public boolean approvable() {
        return this == ACCRUED || this == PAYABLE;
    }
}
