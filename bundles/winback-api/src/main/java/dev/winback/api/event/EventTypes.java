package dev.winback.api.event;

import java.util.List;

/**
 * The event types. Each names the entity its payload holds, always as it is after the change. Subscribers must
 * ignore types they do not know: new ones are added in minor versions.
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

    /** Every type, in the order above. */
    public static final List<String> ALL = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_CONTACT_BLOCKED,
            CUSTOMER_CONTACT_UNBLOCKED, PURCHASE_RECORDED, CASE_OPENED, CASE_STEP_COMPLETED, CASE_ESCALATED,
            CASE_WHY_RECORDED, CASE_AGREEMENT_RECORDED, CASE_CONDITION_CHECKED, CASE_CORRECTED, CASE_PAUSED,
            CASE_RESUMED, CASE_CLOSED, DETECTION_FLAGGED, IMPORT_COMPLETED);

    private EventTypes() {
    }
}
