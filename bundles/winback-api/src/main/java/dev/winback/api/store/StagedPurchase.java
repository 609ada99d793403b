package dev.winback.api.store;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One purchase read by an import, waiting in the staging area until its import completes.
 *
 * @param line        the line of the import file it came from, for reports
 * @param source      the host system of the customer
 * @param externalId  the customer's id in that host
 * @param purchasedOn the purchase day
 * @param amount      the amount; negative for a refund
 * @param fingerprint identifies the purchase across imports: an equal fingerprint is the same purchase
 */
public record StagedPurchase(long line, String source, String externalId, LocalDate purchasedOn, BigDecimal amount,
        String fingerprint) {
}
