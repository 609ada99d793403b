package dev.winback.store.jdbc;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossCategory;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.LossReason;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Unsaved entities with plausible values; tests change what they are about. */
final class Fixtures {
    private Fixtures() {
    }

    static Customer customer(String source, String externalId, String name) {
        Customer customer = new Customer();
        customer.source = source;
        customer.externalId = externalId;
        customer.name = name;
        customer.segment = "smb";
        customer.ownerRep = "alice";
        customer.lifetimeValue = new BigDecimal("1200.50");
        customer.currency = "EUR";
        return customer;
    }

    static LossReason reason(String code, String label, LossCategory category, boolean controllable) {
        LossReason reason = new LossReason();
        reason.code = code;
        reason.label = label;
        reason.category = category;
        reason.controllable = controllable;
        return reason;
    }

    static RecoveryCase recoveryCase(UUID customerId, String lossReason) {
        RecoveryCase recoveryCase = new RecoveryCase();
        recoveryCase.customerId = customerId;
        recoveryCase.lossKind = LossKind.LAPSED;
        recoveryCase.lossReason = lossReason;
        recoveryCase.lostAt = Instant.parse("2025-11-03T09:15:30.123456Z");
        recoveryCase.ownerRep = "alice";
        recoveryCase.status = CaseStatus.OPEN;
        recoveryCase.notes = "Stopped ordering after the October outage.";
        recoveryCase.openedBy = "alice";
        return recoveryCase;
    }

    /** A PLANNED-to-be step (the store assigns id, case, status and creation time). */
    static RecoveryStep step(String name, StepType type, Instant dueAt) {
        RecoveryStep step = new RecoveryStep();
        step.name = name;
        step.type = type;
        step.dueAt = dueAt;
        step.assignee = "alice";
        step.instructions = "Call them and apologise for the " + name + ".";
        step.allowedOutcomes = List.of("DONE", "NO_ANSWER");
        return step;
    }

    static Customer copy(Customer original) {
        Customer copy = new Customer();
        copy.id = original.id;
        copy.externalId = original.externalId;
        copy.source = original.source;
        copy.name = original.name;
        copy.segment = original.segment;
        copy.ownerRep = original.ownerRep;
        copy.lifetimeValue = original.lifetimeValue;
        copy.currency = original.currency;
        copy.createdAt = original.createdAt;
        copy.updatedAt = original.updatedAt;
        copy.version = original.version;
        return copy;
    }
}
