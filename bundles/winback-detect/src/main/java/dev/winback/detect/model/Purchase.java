package dev.winback.detect.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One purchase as the host recorded it. Several purchases on the same day are one purchase to the model: a basket
 * split over two orders is not a sign of a more active customer.
 *
 * @param customerId the host's customer reference
 * @param date the day of the purchase, in the shop's time zone
 * @param amount what the customer paid; returns are netted by the host, so it is never negative
 */
public record Purchase(String customerId, LocalDate date, double amount) {
    public Purchase {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(date, "date");
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("amount must be a finite number >= 0, was " + amount);
        }
    }
}
