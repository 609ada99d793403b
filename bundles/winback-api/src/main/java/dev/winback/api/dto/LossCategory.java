package dev.winback.api.dto;

/** The broad kind of a {@link LossReason}; analytics group by it. */
public enum LossCategory {
    PRICE, SERVICE, DELIVERY, BILLING, COMPETITOR, RELATIONSHIP, OTHER
}
