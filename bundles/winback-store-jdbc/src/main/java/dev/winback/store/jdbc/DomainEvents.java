package dev.winback.store.jdbc;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.event.EventTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What a change means to the rest of Winback: the event types of one audited change, told from the entity before
 * and after it. Said here, once, beside the audit trail, so that no store method can change data without the
 * events a subscriber relies on, and two stores cannot describe the same change differently.
 */
final class DomainEvents {
    private DomainEvents() {
    }

    /** The event types of a change, in the order they happened; empty for changes no module needs to hear of. */
    static List<String> of(String entityType, String action, Object before, Object after) {
        List<String> types = new ArrayList<>();
        switch (entityType) {
            case JdbcCustomerStore.ENTITY_TYPE:
                customer(action, (Customer) before, (Customer) after, types);
                break;
            case JdbcCaseStore.ENTITY_TYPE:
                recoveryCase(action, (RecoveryCase) before, (RecoveryCase) after, types);
                break;
            case JdbcCaseStore.STEP_ENTITY_TYPE:
                // The only change made to a step on its own is the overdue sweep flagging (and escalating) it.
                types.add(EventTypes.CASE_ESCALATED);
                break;
            case JdbcPurchaseStore.PURCHASE_ENTITY_TYPE:
                types.add(EventTypes.PURCHASE_RECORDED);
                break;
            case JdbcPurchaseStore.ENTITY_TYPE:
                types.add(EventTypes.IMPORT_COMPLETED);
                break;
            default:
                // Loss reasons and teams are configuration: audited, but no module reacts to them.
                break;
        }
        return types;
    }

    private static void customer(String action, Customer before, Customer after, List<String> types) {
        if (AuditWriter.CREATE.equals(action)) {
            types.add(EventTypes.CUSTOMER_CREATED);
        } else if (before != null && after != null && before.contactBlocked == null && after.contactBlocked != null) {
            types.add(EventTypes.CUSTOMER_CONTACT_BLOCKED);
        } else if (before != null && after != null && before.contactBlocked != null && after.contactBlocked == null) {
            types.add(EventTypes.CUSTOMER_CONTACT_UNBLOCKED);
        } else if (after != null) {
            types.add(EventTypes.CUSTOMER_UPDATED);
        }
    }

    private static void recoveryCase(String action, RecoveryCase before, RecoveryCase after, List<String> types) {
        if (AuditWriter.CREATE.equals(action)) {
            types.add(EventTypes.CASE_OPENED);
            if (after.detection != null) {
                types.add(EventTypes.DETECTION_FLAGGED);
            }
            return;
        }
        if (before == null || after == null) {
            return;
        }
        // Moves of a strategy's cases carry no steps: there is nothing of them to compare.
        if (before.steps != null && after.steps != null) {
            Set<UUID> doneBefore = new HashSet<>();
            before.steps.stream().filter(s -> s.status == StepStatus.DONE).forEach(s -> doneBefore.add(s.id));
            for (RecoveryStep s : after.steps) {
                if (s.status == StepStatus.DONE && !doneBefore.contains(s.id)) {
                    types.add(s.conditionId != null ? EventTypes.CASE_CONDITION_CHECKED
                            : EventTypes.CASE_STEP_COMPLETED);
                }
            }
        }
        if (size(after.whys) > size(before.whys)) {
            types.add(EventTypes.CASE_WHY_RECORDED);
        }
        if (before.agreement == null && after.agreement != null) {
            types.add(EventTypes.CASE_AGREEMENT_RECORDED);
        }
        if (!Objects.equals(before.ownerRep, after.ownerRep) || !Objects.equals(before.lossReason, after.lossReason)
                || !Objects.equals(before.notes, after.notes)) {
            types.add(EventTypes.CASE_CORRECTED);
        }
        if (before.status == CaseStatus.OPEN && after.status == CaseStatus.PAUSED) {
            types.add(EventTypes.CASE_PAUSED);
        } else if (before.status == CaseStatus.PAUSED && after.status == CaseStatus.OPEN) {
            types.add(EventTypes.CASE_RESUMED);
        } else if (!before.status.isTerminal() && after.status.isTerminal()) {
            types.add(EventTypes.CASE_CLOSED);
        }
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
