package dev.winback.rest;

/** Body of {@code POST /cases/{id}/steps/{stepId}/complete}. */
public class StepCompletion {
    /** One of the step's allowed outcomes, e.g. {@code CAN_DO}. */
    public String outcome;
    public String notes;
}
