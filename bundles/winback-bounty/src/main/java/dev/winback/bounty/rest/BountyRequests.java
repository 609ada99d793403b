package dev.winback.bounty.rest;

import java.math.BigDecimal;

/** The bodies of the ledger's actions. */
final class BountyRequests {
    private BountyRequests() {
    }

    /** {@code POST /bounties/{id}/dispute}. */
    static class Dispute {
        public String reason;
    }

    /** {@code POST /bounties/{id}/resolve}: ADJUST with an amount, or REJECT; a note either way. */
    static class Resolution {
        public String decision;
        public BigDecimal amount;
        public String note;
    }

    /** {@code POST /bounties/payouts}. */
    static class PayoutRequest {
        public String period;
    }
}
