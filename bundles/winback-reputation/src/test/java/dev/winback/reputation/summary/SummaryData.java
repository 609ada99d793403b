package dev.winback.reputation.summary;

import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.reputation.ReputationFixture;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Rows of the tables other parts of the module write (answers, corrections, complaints, advocacy), inserted with
 * SQL as those parts would leave them; customers, cases and purchases go through the fixture's real core services.
 * Cases open and close at the real now; {@link #openedAt} moves them to the dataset's days.
 */
final class SummaryData {
    private final ReputationFixture f;

    SummaryData(ReputationFixture f) {
        this.f = f;
    }

    /** An instant given as {@code 2026-03-10T22:00} (UTC), or with seconds. */
    static Instant at(String utc) {
        return Instant.parse(utc + (utc.length() == 16 ? ":00Z" : "Z"));
    }

    Customer customer(String name) {
        return f.customer(name, null);
    }

    Customer customer(String name, String segment) {
        return f.customer(name, segment);
    }

    /** An answer recorded when it was given. */
    UUID nps(Customer c, int score, String respondedAt) {
        return answer(c, "NPS", score, at(respondedAt), at(respondedAt), UUID.randomUUID());
    }

    UUID csat(Customer c, int score, String respondedAt) {
        return answer(c, "CSAT", score, at(respondedAt), at(respondedAt), UUID.randomUUID());
    }

    UUID answer(Customer c, String kind, int score, Instant respondedAt, Instant recordedAt, UUID id) {
        return answer(c, kind, score, respondedAt, recordedAt, id, "API");
    }

    /** An answer that came in by {@code channel} (API, IMPORT or LINK), recorded when it was given. */
    UUID answer(Customer c, String kind, int score, String respondedAt, String channel) {
        return answer(c, kind, score, at(respondedAt), at(respondedAt), UUID.randomUUID(), channel);
    }

    private UUID answer(Customer c, String kind, int score, Instant respondedAt, Instant recordedAt, UUID id,
            String channel) {
        exec("INSERT INTO survey_responses (id, customer_id, kind, score, responded_at, channel, recorded_by,"
                + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, 'rep1', ?)", id, c.id, kind, score, respondedAt, channel,
                recordedAt);
        return id;
    }

    /** A correction of {@code original}: a new answer with its time, and the original marked corrected by it. */
    UUID correct(UUID original, int score) {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO survey_responses (id, customer_id, kind, score, responded_at, channel, corrects_id,"
                + " correction_reason, recorded_by, recorded_at) SELECT ?, customer_id, kind, ?, responded_at,"
                + " 'API', id, 'typed the wrong score', 'manager', recorded_at FROM survey_responses WHERE id = ?",
                id, score, original);
        exec("UPDATE survey_responses SET corrected_by = ? WHERE id = ?", id, original);
        return id;
    }

    /** The complaint of a detractor answer given at {@code answeredAt}, with the default 48-hour SLA. */
    void complaint(Customer c, String status, String answeredAt, String firstContactAt) {
        Instant answered = at(answeredAt);
        exec("INSERT INTO complaints (id, response_id, customer_id, status, answered_at, received_at,"
                + " first_contact_due_at, first_contact_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(), UUID.randomUUID(), c.id, status, answered, answered,
                answered.plus(Duration.ofHours(48)), firstContactAt == null ? null : at(firstContactAt), answered);
    }

    void advocacy(Customer c, String kind, String occurredOn, Customer referred) {
        exec("INSERT INTO advocacy_events (id, customer_id, kind, occurred_on, referred_customer_id, referred_name,"
                + " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, 'rep1', ?)", UUID.randomUUID(), c.id, kind,
                Date.valueOf(LocalDate.parse(occurredOn)), referred == null ? null : referred.id,
                referred == null ? "a friend" : null, at(occurredOn + "T12:00"));
    }

    void purchase(Customer c, String day, String amount) {
        f.purchase(c, LocalDate.parse(day), amount);
    }

    /** A case of the customer, still open, moved to have opened at {@code createdAt}. */
    RecoveryCase openedAt(Customer c, String createdAt) {
        RecoveryCase opened = f.open(c, LossKind.LAPSED, "price");
        exec("UPDATE recovery_cases SET created_at = ? WHERE id = ?", at(createdAt), opened.id);
        return opened;
    }

    /** A case that opened at {@code createdAt} and closed with {@code status} at {@code closedAt}. */
    RecoveryCase closed(Customer c, CaseStatus status, String createdAt, String closedAt) {
        RecoveryCase opened = f.open(c, LossKind.LAPSED, "price");
        CaseClosure closure = new CaseClosure();
        closure.status = status;
        closure.notes = "closed in a summary test";
        if (status == CaseStatus.WON_BACK) {
            closure.revenue = new BigDecimal("100.00");
            closure.managerConfirmed = true;
        }
        f.cases.close(opened.id, closure, null, ReputationFixture.MANAGER);
        exec("UPDATE recovery_cases SET created_at = ?, closed_at = ? WHERE id = ?", at(createdAt), at(closedAt),
                opened.id);
        return opened;
    }

    /**
     * A step of the case as the engine leaves it: completed at {@code completedAt} (DONE, its outcome recorded), or
     * still PLANNED when that is null; {@code contactsCustomer} as the strategy planned it.
     */
    void step(RecoveryCase c, boolean contactsCustomer, String completedAt) {
        Instant done = completedAt == null ? null : at(completedAt);
        exec("INSERT INTO recovery_steps (id, case_id, name, type, due_at, status, escalate_when_overdue,"
                + " contacts_customer, outcome_code, outcome_recorded_by, outcome_recorded_at, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?)", UUID.randomUUID(), c.id,
                contactsCustomer ? "call" : "review notes", contactsCustomer ? "CALL" : "EVIDENCE",
                at("2026-03-01T00:00"), done == null ? "PLANNED" : "DONE", contactsCustomer,
                done == null ? null : "DONE", done == null ? null : "rep1", done, at("2026-01-01T00:00"));
    }

    /** A completed step of the case that contacts the customer: the customer went through recovery then. */
    void contacted(RecoveryCase c, String completedAt) {
        step(c, true, completedAt);
    }

    /** The strategy that runs the case (the fixture installs none). */
    void runBy(RecoveryCase c, String strategy) {
        exec("UPDATE recovery_cases SET strategy = ? WHERE id = ?", strategy, c.id);
    }

    private void exec(String sql, Object... params) {
        f.db.transaction("setting up a summary test", c -> ModuleDatabase.update(c, sql, params));
    }
}
