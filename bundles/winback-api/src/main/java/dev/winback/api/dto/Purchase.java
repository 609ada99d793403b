package dev.winback.api.dto;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** One purchase of a customer, recorded by an import, a webhook or {@code POST /customers/{id}/purchases}. */
public class Purchase {
    public UUID id;
    public UUID customerId;
    public LocalDate date;
    /** Negative for a refund. */
    public BigDecimal amount;
    /** ISO 4217; defaults to the customer's currency. */
    public String currency;
    /** The host's id of the transaction; makes recording the same purchase twice harmless. */
    public String transactionId;
}
