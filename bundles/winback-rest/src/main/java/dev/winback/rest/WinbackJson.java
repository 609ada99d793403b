package dev.winback.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.SecondChanceAgreement;
import dev.winback.api.dto.Team;
import dev.winback.api.event.WinbackEvent;

/**
 * The one Jackson configuration of the API. Strict on input — a typo'd field name, a number where text belongs or
 * a duplicate key is the client's bug and is better reported than guessed at — and ISO-8601 on output.
 */
final class WinbackJson {

    private WinbackJson() {
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // Server-assigned fields are shown, and accepted-but-ignored on input, so that a client can PUT
                // back what it GOT without stripping them first.
                .addMixIn(Customer.class, CustomerMixIn.class)
                .addMixIn(RecoveryCase.class, RecoveryCaseMixIn.class)
                .addMixIn(CaseWhy.class, CaseWhyMixIn.class)
                .addMixIn(SecondChanceAgreement.class, AgreementMixIn.class)
                .addMixIn(AgreementCondition.class, ConditionMixIn.class)
                .addMixIn(Purchase.class, PurchaseMixIn.class)
                .addMixIn(Team.class, TeamMixIn.class)
                .addMixIn(WinbackEvent.class, EventMixIn.class)
                .build();
        // Numbers and booleans are not text: {"name": 42} is a mistake, not the name "42".
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** The contact block is shown, and changed only through {@code /customers/{id}/contact-block}. */
    @JsonIgnoreProperties(value = {"id", "createdAt", "updatedAt", "version", "contactBlocked"},
            allowGetters = true)
    abstract static class CustomerMixIn {
    }

    @JsonIgnoreProperties(value = {"id", "customerId"}, allowGetters = true)
    abstract static class PurchaseMixIn {
    }

    @JsonIgnoreProperties(value = {"updatedAt", "version"}, allowGetters = true)
    abstract static class TeamMixIn {
    }

    /** An event's payload is JSON already (the entity as the API shows it): embedded as it is, not as a string. */
    abstract static class EventMixIn {
        @JsonRawValue
        public String payload;
    }

    @JsonIgnoreProperties(value = {"id", "caseId", "recordedBy", "recordedAt"}, allowGetters = true)
    abstract static class CaseWhyMixIn {
    }

    @JsonIgnoreProperties(value = {"agreedBy", "agreedAt"}, allowGetters = true)
    abstract static class AgreementMixIn {
    }

    @JsonIgnoreProperties(value = {"id", "status", "checkStepId"}, allowGetters = true)
    abstract static class ConditionMixIn {
    }

    /**
     * Server-assigned and derived fields are output only; {@code parallel} and {@code force} are requests to the
     * engine when a case is opened, never part of a case, so they are input only.
     */
    @JsonIgnoreProperties(value = {"id", "status", "openedBy", "createdAt", "updatedAt", "version",
        "recoveredRevenue", "revenueCurrency", "closedAt", "closedBy", "closeNotes", "evidence", "noFurtherContact",
        "steps", "whys", "agreement", "detection", "customerName", "nextStep"}, allowGetters = true)
    abstract static class RecoveryCaseMixIn {
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        public Boolean parallel;

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        public Boolean force;
    }
}
