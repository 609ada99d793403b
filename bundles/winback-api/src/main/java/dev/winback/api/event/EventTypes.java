package dev.winback.api.event;

import java.util.List;

/**
 * The event types. Each names the entity its payload holds, always as it is after the change. Subscribers must
 * ignore types they do not know: new ones are added in minor versions. Most are written by the store with the change
 * they describe; the {@link #MODULE_WRITTEN} ones by the module that owns the change.
 */
public final class EventTypes {
    /** A customer was created, by the API or by an import (one event per customer it creates). Payload: the customer. */
    public static final String CUSTOMER_CREATED = "customer.created";
    /** A customer's fields changed. Payload: the customer. */
    public static final String CUSTOMER_UPDATED = "customer.updated";
    /** The customer asked not to be contacted (or a case ended that way). Payload: the customer. */
    public static final String CUSTOMER_CONTACT_BLOCKED = "customer.contact-blocked";
    /** An admin lifted the contact block. Payload: the customer, with {@code changeReason}. */
    public static final String CUSTOMER_CONTACT_UNBLOCKED = "customer.contact-unblocked";
    /** A purchase was recorded one by one (imports report {@link #IMPORT_COMPLETED} instead). Payload: the purchase. */
    public static final String PURCHASE_RECORDED = "purchase.recorded";
    /** A recovery case was opened. Payload: the case with its first steps. */
    public static final String CASE_OPENED = "case.opened";
    /** A step was completed with an outcome. Payload: the case. */
    public static final String CASE_STEP_COMPLETED = "case.step.completed";
    /**
     * A step went overdue; it escalates to its {@code escalatedTo} where it has one. Entity: the step. Payload: the
     * step (its {@code caseId} names the case).
     */
    public static final String CASE_ESCALATED = "case.escalated";
    /** A why of the loss was documented. Payload: the case. */
    public static final String CASE_WHY_RECORDED = "case.why.recorded";
    /** A second-chance agreement was recorded. Payload: the case. */
    public static final String CASE_AGREEMENT_RECORDED = "case.agreement.recorded";
    /** A condition of the agreement was checked (KEPT or BROKEN). Payload: the case. */
    public static final String CASE_CONDITION_CHECKED = "case.condition.checked";
    /** The owner, loss reason or notes of a case were corrected. Payload: the case. */
    public static final String CASE_CORRECTED = "case.corrected";
    /** The case's strategy was uninstalled: the case waits. Payload: the case. */
    public static final String CASE_PAUSED = "case.paused";
    /** The case's strategy is back. Payload: the case. */
    public static final String CASE_RESUMED = "case.resumed";
    /** The case reached a terminal status (WON_BACK with its evidence, or a CLOSED_* status). Payload: the case. */
    public static final String CASE_CLOSED = "case.closed";
    /** A detection run flagged a customer and opened a case for them. Payload: the case, with its finding. */
    public static final String DETECTION_FLAGGED = "detection.flagged";
    /**
     * An import of purchase history was published. Entity: the import job. Payload: what it added
     * ({@code purchasesAdded}, {@code duplicates}, {@code customersCreated}).
     */
    public static final String IMPORT_COMPLETED = "import.completed";

    /**
     * A survey invitation is ready to go out: the host (or a webhook) delivers its link to the customer. Written by
     * winback-reputation. Entity: the invitation ({@code survey-invitation}). Payload: the invitation with its
     * {@code link}, {@code expiresAt}, {@code customerId} and {@code caseId}.
     */
    public static final String SURVEY_INVITED = "survey.invited";
    /**
     * A survey answer was recorded (through the API, an import or the customer's own link), or a correction of one.
     * Written by winback-reputation. Entity: the answer ({@code survey-response}). Payload: the answer.
     */
    public static final String SURVEY_ANSWERED = "survey.answered";
    /**
     * A "You Said, We Did" improvement was published. Written by winback-reputation. Entity: the improvement.
     * Payload: the improvement as the public feed shows it, with its loss reasons.
     */
    public static final String IMPROVEMENT_PUBLISHED = "improvement.published";
    /**
     * A customer whose case cited one of a published improvement's loss reasons is to be told about it: the host (or
     * a webhook) delivers the message. Never written for a customer with a contact block. Written by
     * winback-reputation. Entity: the notification ({@code improvement-notification}, id
     * {@code <improvement>/<customer>}). Payload: {@code improvementId}, {@code customerId}, {@code caseId} and the
     * improvement's public text.
     */
    public static final String IMPROVEMENT_NOTIFIED = "improvement.customer-notified";

    /** Every type, in the order above. */
    public static final List<String> ALL = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_CONTACT_BLOCKED,
            CUSTOMER_CONTACT_UNBLOCKED, PURCHASE_RECORDED, CASE_OPENED, CASE_STEP_COMPLETED, CASE_ESCALATED,
            CASE_WHY_RECORDED, CASE_AGREEMENT_RECORDED, CASE_CONDITION_CHECKED, CASE_CORRECTED, CASE_PAUSED,
            CASE_RESUMED, CASE_CLOSED, DETECTION_FLAGGED, IMPORT_COMPLETED, SURVEY_INVITED, SURVEY_ANSWERED,
            IMPROVEMENT_PUBLISHED, IMPROVEMENT_NOTIFIED);

    /**
     * The types a module writes itself through {@code AuditTrail.publish}; the store writes every other type from
     * the changes it makes, and refuses a module's attempt to write one of those.
     */
    public static final List<String> MODULE_WRITTEN = List.of(SURVEY_INVITED, SURVEY_ANSWERED, IMPROVEMENT_PUBLISHED,
            IMPROVEMENT_NOTIFIED);

    private EventTypes() {
    }
}
