package dev.winback.webhooks.inbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** What an inbound webhook did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HookReceipt {
    public String webhookId;
    public String type;
    public UUID customerId;
    /** The case opened, or the one already running for the customer (then {@code caseOpened} is false). */
    public UUID caseId;
    public Boolean caseOpened;
    public UUID purchaseId;
}
