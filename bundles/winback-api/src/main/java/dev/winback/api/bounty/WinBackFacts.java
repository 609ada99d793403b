package dev.winback.api.bounty;

import dev.winback.api.dto.LossKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a rule may use about one won-back case, as it was when the bounty was calculated. The bounty module
 * freezes it with every ledger entry; a rule reads nothing else. There is deliberately no survey or review score.
 */
public class WinBackFacts {
    public UUID caseId;
    public UUID customerId;
    public LossKind lossKind;
    public String lossReason;
    public String strategy;
    /** The customer's segment when the case closed; null when the host gave none. */
    public String segment;
    public Instant openedAt;
    public Instant closedAt;
    /** The day the case closed in the bounty module's time zone: the day periods are counted from. */
    public LocalDate closedOn;
    public String ownerRep;
    /** The rep credited with closing: who closed the case if they are a rep, otherwise its owner. */
    public String closer;
    /** The rep who made the first contact (recorded the first customer-contacting step); the owner if none. */
    public String finder;
    /** Revenue won back, and its ISO 4217 currency; a zero amount when the closure gave none. */
    public BigDecimal revenue = BigDecimal.ZERO;
    public String revenueCurrency;
    /** {@code PURCHASE} or {@code MANAGER_CONFIRMATION}: why the case may say the customer came back. */
    public String evidence;
    /** The customer's purchases dated from the day the case opened to the day it closed, oldest first. */
    public List<PurchaseFact> purchases = new ArrayList<>();
    /** For a case a detection run opened: the model's P(alive) at opening and the second lifetime value. */
    public Double probabilityAlive;
    public BigDecimal secondLifetimeValue;
    /** The currency of {@link #secondLifetimeValue}: the customer's. */
    public String secondLifetimeValueCurrency;
    /**
     * What each rep named here (owner, closer, finder) had earned under the plan before this case, per period
     * ({@link BountyPeriod} name, then rep).
     */
    public Map<String, Map<String, RepTally>> tallies = new LinkedHashMap<>();

    /** The rep's tally in the period of {@link #closedOn}; an empty one when nothing was recorded. */
    public RepTally tally(BountyPeriod period, String rep) {
        Map<String, RepTally> byRep = tallies.get(period.name());
        RepTally t = byRep == null ? null : byRep.get(rep);
        return t == null ? new RepTally() : t;
    }

    /** One purchase as a rule sees it. */
    public static class PurchaseFact {
        public UUID id;
        public LocalDate date;
        public BigDecimal amount;
        public String currency;

        public PurchaseFact() {
        }

        public PurchaseFact(UUID id, LocalDate date, BigDecimal amount, String currency) {
            this.id = id;
            this.date = date;
            this.amount = amount;
            this.currency = currency;
        }
    }
}
