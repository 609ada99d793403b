package dev.winback.bounty.ledger;

import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.event.EventSubscriber;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.WinbackEvent;
import dev.winback.bounty.BountyJson;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The module's durable subscriber: win-backs accrue, purchases release held bounties, a new LAPSED case claws back.
 * While the feature is uninstalled its position in the log stays put, and it catches up when it is back.
 */
@Component(service = EventSubscriber.class, property = EventSubscriber.NAME_PROPERTY + "=" + WinBackSubscriber.NAME)
public class WinBackSubscriber implements EventSubscriber {
    static final String NAME = "bounty";
    private static final Set<String> TYPES = Set.of(EventTypes.CASE_CLOSED, EventTypes.CASE_OPENED,
            EventTypes.PURCHASE_RECORDED, EventTypes.IMPORT_COMPLETED);

    private final Accruals accruals;

    @Activate
    public WinBackSubscriber(@Reference Accruals accruals) {
        this.accruals = accruals;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public void onEvent(WinbackEvent event) {
        switch (event.type) {
            case EventTypes.CASE_CLOSED:
                accruals.onCaseClosed(BountyJson.read(event.payload, RecoveryCase.class), event.id);
                break;
            case EventTypes.CASE_OPENED:
                accruals.onCaseOpened(BountyJson.read(event.payload, RecoveryCase.class));
                break;
            case EventTypes.PURCHASE_RECORDED:
                accruals.onPurchase(BountyJson.read(event.payload, Purchase.class));
                break;
            case EventTypes.IMPORT_COMPLETED:
                // An import reports its purchases in bulk: look at every held bounty.
                accruals.sweep();
                break;
            default:
                break;
        }
    }
}
