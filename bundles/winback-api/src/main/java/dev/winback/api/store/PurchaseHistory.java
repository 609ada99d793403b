package dev.winback.api.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One customer's purchases up to a cut-off day, summed up by the database: the input of RFM rules and of the
 * BG/NBD model. Days with a row that is not a refund (amount zero or more) are purchase days; refunds (negative
 * amounts) lower the total spend only.
 *
 * @param customerId    Winback's id of the customer
 * @param firstPurchase the first purchase day
 * @param lastPurchase  the last purchase day up to the cut-off
 * @param purchaseDays  distinct purchase days, the first included (so at least 1)
 * @param totalSpend    the sum of all amounts up to the cut-off, refunds included
 * @param openCase      whether the customer has an OPEN or PAUSED recovery case now
 */
public record PurchaseHistory(UUID customerId, LocalDate firstPurchase, LocalDate lastPurchase, int purchaseDays,
        BigDecimal totalSpend, boolean openCase) {
}
