package dev.winback.api.strategy;

import dev.winback.api.dto.LossKind;
import java.util.List;

/** How a strategy presents itself in {@code GET /api/v1/strategies} and {@code winback:strategies}. */
public class StrategyDescription {
    public String name;
    /** Short title, e.g. "24-hour SURPRISE". */
    public String title;
    /** One paragraph on what the strategy does and when to use it. */
    public String summary;
    /** The loss kinds it is meant for; informative, {@link RecoveryStrategy#appliesTo} decides. */
    public List<LossKind> lossKinds;
    /**
     * Whether the strategy contacts the customer at all. A strategy that does cannot open a case for a customer
     * who carries a contact block; one that does not (a review) can.
     */
    public boolean contactsCustomer = true;
}
