package dev.winback.api.dto;

/** The kinds of action a recovery plan is made of. */
public enum StepType {
    MEETING, CALL, LETTER, GIFT, REFERRAL, SURVEY, EVENT, EVIDENCE, FOLLOW_UP
}
