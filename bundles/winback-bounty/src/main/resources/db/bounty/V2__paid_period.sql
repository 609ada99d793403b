-- Bounty schema, version 2: the payroll period an entry was paid in. An entry held for the customer's next
-- purchase is approved months after it was written; the payout of a period pays every entry approved by then
-- (written in that period or before) and records the period it paid it in, which the payroll export reads.

ALTER TABLE bounty_entries ADD COLUMN paid_period CHAR(7);
CREATE INDEX ix_bounty_entries_paid ON bounty_entries (paid_period, rep);
