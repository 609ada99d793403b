package dev.winback.api.dto;

import java.time.Instant;
import java.util.UUID;

/** One condition of a second-chance agreement, with the date by which it must be met. */
public class AgreementCondition {
    public UUID id;
    /** Who must meet it: {@code US} (we promised it) or {@code CUSTOMER} (they did). */
    public Party party;
    /** What was agreed, e.g. "A named account manager who answers within one business day". */
    public String condition;
    public Instant dueAt;
    public Status status;
    /** The follow-up step that checks it on its due date. */
    public UUID checkStepId;

    public enum Party {
        US, CUSTOMER
    }

    public enum Status {
        PENDING, KEPT, BROKEN
    }
}
