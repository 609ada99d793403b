-- Bounty schema, version 2: the payroll period an entry was paid in, and one win-back per case and plan.
--
-- An entry held for the customer's next purchase is approved months after it was written; the payout of a period
-- pays every entry approved by then (written in that period or before) and records the period it paid it in, which
-- the payroll export reads.

ALTER TABLE bounty_entries ADD COLUMN paid_period CHAR(7);
UPDATE bounty_entries SET paid_period = (SELECT p.period FROM bounty_payouts p WHERE p.id = bounty_entries.payout_id)
    WHERE payout_id IS NOT NULL;
CREATE INDEX ix_bounty_entries_paid ON bounty_entries (paid_period, rep);

-- A case earns under a plan once, whatever its version: a confirmed recalculation moves a win-back to the new
-- version, and a redelivered event of the case must not find room for a second one under the old.
ALTER TABLE bounty_accruals DROP CONSTRAINT uq_bounty_accruals_case;
ALTER TABLE bounty_accruals ADD CONSTRAINT uq_bounty_accruals_case UNIQUE (case_id, plan_id);
