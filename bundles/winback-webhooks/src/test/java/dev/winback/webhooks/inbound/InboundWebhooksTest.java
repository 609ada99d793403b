package dev.winback.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.UnauthenticatedException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.WinbackException;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.core.CaseEngine;
import dev.winback.core.CustomerDirectory;
import dev.winback.core.LossReasonCatalog;
import dev.winback.core.StrategyRegistry;
import dev.winback.core.TeamDirectory;
import dev.winback.store.jdbc.JdbcCaseStore;
import dev.winback.store.jdbc.JdbcCustomerStore;
import dev.winback.store.jdbc.JdbcLossReasonStore;
import dev.winback.store.jdbc.JdbcPurchaseStore;
import dev.winback.store.jdbc.JdbcTeamStore;
import dev.winback.store.jdbc.WinbackDatabase;
import dev.winback.store.jdbc.testing.Configs;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import dev.winback.webhooks.signing.WebhookSecret;
import dev.winback.webhooks.signing.WebhookSignature;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

/**
 * Inbound messages through the real customer and case services on the real stores (H2), with no strategy
 * installed: cases open without steps.
 */
class InboundWebhooksTest {
    private static final Actor ADMIN = new Actor("admin", Set.of(Actor.ROLE_ADMIN));
    private static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));

    private ScratchDatabase database;
    private CustomerDirectory customers;
    private CaseEngine cases;
    private JdbcHookStore hooks;
    private InboundWebhooks inbound;
    private WebhookSecret secret;

    @BeforeEach
    void start() {
        database = ScratchDatabase.h2("webhooks");
        WinbackDatabase core = new WinbackDatabase(database.dataSource(), Clock.systemUTC());
        core.migrate();
        JdbcCaseStore caseStore = new JdbcCaseStore(core);
        JdbcCustomerStore customerStore = new JdbcCustomerStore(core);
        JdbcLossReasonStore lossReasonStore = new JdbcLossReasonStore(core);
        JdbcPurchaseStore purchaseStore = new JdbcPurchaseStore(core);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> null);
        customers = new CustomerDirectory(customerStore, purchaseStore);
        cases = new CaseEngine(caseStore, customerStore, lossReasonStore, purchaseStore,
                new TeamDirectory(new JdbcTeamStore(core)), new StrategyRegistry(caseStore, context),
                Configs.defaults(CaseEngine.Config.class));
        hooks = new JdbcHookStore(database.db(Clock.systemUTC()), database.audit());
        inbound = new InboundWebhooks(hooks, customers, cases, new LossReasonCatalog(lossReasonStore));
        InboundWebhooks.Registration r = inbound.put("crm", new HookSource(), ADMIN);
        assertTrue(r.created());
        secret = WebhookSecret.of(r.source().secret);
    }

    @AfterEach
    void stop() {
        database.close();
    }

    private static String body(String type, String data) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"2026-11-30T09:00:00Z\",\"data\":" + data + "}";
    }

    private HookReceipt send(String id, String body) {
        return send(id, Instant.now().getEpochSecond(), body, secret);
    }

    private HookReceipt send(String id, long timestamp, String body, WebhookSecret key) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return inbound.receive("crm", id, Long.toString(timestamp), WebhookSignature.sign(key, id, timestamp, bytes),
                bytes);
    }

    private Optional<Customer> customer(String externalId) {
        return customers.findByExternalId("crm", externalId, ADMIN);
    }

    private long rows(String table) {
        return database.count("SELECT COUNT(*) FROM " + table);
    }

    /** Refused with the exception and status the REST layer maps, and nothing in any table moved. */
    private <E extends WinbackException> E refusedWithNothingWritten(Class<E> type, Supplier<HookReceipt> request) {
        long[] before = {rows("customers"), rows("recovery_cases"), rows("purchases"), rows("webhook_received"),
            rows("audit_log"), rows("event_log")};
        E e = assertThrows(type, request::get);
        long[] after = {rows("customers"), rows("recovery_cases"), rows("purchases"), rows("webhook_received"),
            rows("audit_log"), rows("event_log")};
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(after), e.getMessage());
        return e;
    }

    @Test
    void aLostDealUpsertsTheCustomerAndOpensOneLostDealCase() {
        HookReceipt r = send("msg_1", body("deal.lost", "{\"externalId\":\"C-1\",\"name\":\"Acme\","
                + "\"segment\":\"smb\",\"ownerRep\":\"rep1\",\"lostAt\":\"2026-11-28\",\"notes\":\"went with Brand X\"}"));
        assertTrue(r.caseOpened);
        Customer c = customer("C-1").orElseThrow();
        assertEquals(c.id, r.customerId);
        assertEquals("rep1", c.ownerRep);
        RecoveryCase opened = cases.get(r.caseId, ADMIN).orElseThrow();
        assertEquals(LossKind.LOST_DEAL, opened.lossKind);
        assertEquals("competitor", opened.lossReason);
        assertEquals(Instant.parse("2026-11-28T00:00:00Z"), opened.lostAt);
        assertEquals("went with Brand X", opened.notes);
        assertEquals("system:webhook:crm", opened.openedBy);

        HookReceipt again = send("msg_2", body("deal.lost", "{\"externalId\":\"C-1\"}"));
        assertFalse(again.caseOpened);
        assertEquals(r.caseId, again.caseId);
        assertEquals(1, cases.find(new CaseQuery(), ADMIN).total);
    }

    @Test
    void aLostCustomerOpensALapsedCaseWithTheGivenReason() {
        HookReceipt r = send("msg_lapsed", body("customer.lost", "{\"externalId\":\"C-2\",\"name\":\"Bolt\","
                + "\"lossReason\":\"price\"}"));
        RecoveryCase opened = cases.get(r.caseId, ADMIN).orElseThrow();
        assertEquals(LossKind.LAPSED, opened.lossKind);
        assertEquals("price", opened.lossReason);
        assertEquals(Instant.parse("2026-11-30T09:00:00Z"), opened.lostAt, "the message's timestamp by default");
    }

    @Test
    void customersAreUpsertedByTheirExternalIdAndPurchasesByTransactionId() {
        send("msg_a", body("customer.upserted", "{\"externalId\":\"C-3\",\"name\":\"Cog\"}"));
        send("msg_b", body("customer.upserted", "{\"externalId\":\"C-3\",\"name\":\"Cog Ltd\",\"segment\":\"ent\"}"));
        Customer c = customer("C-3").orElseThrow();
        assertEquals("Cog Ltd", c.name);
        assertEquals("ent", c.segment);
        HookReceipt p1 = send("msg_c", body("purchase.recorded", "{\"externalId\":\"C-3\",\"date\":\"2026-11-29\","
                + "\"amount\":49.90,\"currency\":\"EUR\",\"transactionId\":\"T-9\"}"));
        HookReceipt p2 = send("msg_d", body("purchase.recorded", "{\"externalId\":\"C-3\",\"date\":\"2026-11-29\","
                + "\"amount\":\"49.90\",\"currency\":\"EUR\",\"transactionId\":\"T-9\"}"));
        assertNotNull(p1.purchaseId);
        assertEquals(p1.purchaseId, p2.purchaseId);
        assertEquals(1, customers.purchases(c.id, 0, 10, ADMIN).total);
    }

    @Test
    void severalSignaturesOneOfThemRight() {
        String body = body("customer.upserted", "{\"externalId\":\"C-4\",\"name\":\"Dyn\"}");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + WebhookSignature.sign(secret, "msg_multi", ts, bytes);
        assertNotNull(inbound.receive("crm", "msg_multi", Long.toString(ts), header, bytes).customerId);
    }

    @Test
    void forgedUnsignedAndUnknownSourcesAre401AndWriteNothing() {
        String body = body("deal.lost", "{\"externalId\":\"F-1\",\"name\":\"Forged\"}");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        UnauthenticatedException forged = refusedWithNothingWritten(UnauthenticatedException.class,
                () -> send("msg_f", ts, body, WebhookSecret.generate()));
        assertTrue(forged.getMessage().contains("does not match"), forged.getMessage());
        refusedWithNothingWritten(UnauthenticatedException.class, () -> inbound.receive("crm", "msg_f",
                Long.toString(ts), WebhookSignature.sign(secret, "msg_f", ts, bytes),
                body.replace("Forged", "Tampered").getBytes(StandardCharsets.UTF_8)));
        assertTrue(refusedWithNothingWritten(UnauthenticatedException.class, () -> inbound.receive("crm", null,
                null, null, bytes)).getMessage().contains("webhook-id, webhook-timestamp and webhook-signature"));
        assertTrue(refusedWithNothingWritten(UnauthenticatedException.class, () -> inbound.receive("erp", "msg_f",
                Long.toString(ts), WebhookSignature.sign(secret, "msg_f", ts, bytes), bytes)).getMessage()
                .contains("PUT /api/v1/hooks/erp"));
        assertTrue(customer("F-1").isEmpty());
    }

    @Test
    void timestampsMoreThanFiveMinutesOffAre409() {
        String body = body("customer.upserted", "{\"externalId\":\"S-1\",\"name\":\"Stale\"}");
        long now = Instant.now().getEpochSecond();
        ConflictException stale = refusedWithNothingWritten(ConflictException.class,
                () -> send("msg_old", now - 301, body, secret));
        assertTrue(stale.getMessage().contains("at most 300 s"), stale.getMessage());
        refusedWithNothingWritten(ConflictException.class, () -> send("msg_future", now + 400, body, secret));
        assertNotNull(send("msg_edge", now - 290, body, secret).customerId);
    }

    @Test
    void aReplayedIdIs409AndAppliesNothing() {
        String body = body("deal.lost", "{\"externalId\":\"R-1\",\"name\":\"Replay\"}");
        send("msg_once", body);
        ConflictException replay = refusedWithNothingWritten(ConflictException.class, () -> send("msg_once", body));
        assertTrue(replay.getMessage().contains("received already"), replay.getMessage());
        // Another source may use the same id.
        WebhookSecret erp = WebhookSecret.of(inbound.put("erp", new HookSource(), ADMIN).source().secret);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        assertNotNull(inbound.receive("erp", "msg_once", Long.toString(ts), WebhookSignature.sign(erp, "msg_once",
                ts, bytes), bytes).caseId);
    }

    @Test
    void malformedBodiesAre400AndUnknownTypesOrReferences422WithNothingWritten() {
        refusedWithNothingWritten(InvalidInputException.class, () -> send("msg_x1", "{\"type\":"));
        refusedWithNothingWritten(InvalidInputException.class, () -> send("msg_x2", "[1,2]"));
        InvalidInputException missing = refusedWithNothingWritten(InvalidInputException.class,
                () -> send("msg_x3", "{\"type\":\"deal.lost\"}"));
        assertEquals("data", missing.problems().get(0).field());
        InvalidInputException wrong = refusedWithNothingWritten(InvalidInputException.class,
                () -> send("msg_x4", body("purchase.recorded", "{\"externalId\":\"X\",\"date\":\"yesterday\","
                        + "\"amount\":true}")));
        assertEquals(3, wrong.problems().size(), wrong.getMessage()); // date, amount, transactionId
        UnprocessableException unknownType = refusedWithNothingWritten(UnprocessableException.class,
                () -> send("msg_x5", body("deal.won", "{\"externalId\":\"X\",\"name\":\"X\"}")));
        assertTrue(unknownType.getMessage().contains("deal.lost, customer.lost, customer.upserted, "
                + "purchase.recorded"), unknownType.getMessage());
        refusedWithNothingWritten(UnknownReferenceException.class, () -> send("msg_x6", body("deal.lost",
                "{\"externalId\":\"X\",\"name\":\"X\",\"lossReason\":\"no-such-reason\"}")));
        UnprocessableException unknownCustomer = refusedWithNothingWritten(UnprocessableException.class,
                () -> send("msg_x7", body("purchase.recorded", "{\"externalId\":\"nobody\",\"date\":\"2026-11-01\","
                        + "\"amount\":1,\"transactionId\":\"T-1\"}")));
        assertEquals("data.name", unknownCustomer.problems().get(0).field());
    }

    /**
     * A message whose purchase or case the services would refuse is refused before its customer is upserted: nothing
     * written, and its id stays free for the corrected retry.
     */
    @Test
    void aMessageRefusedForItsPurchaseOrCaseWritesNothingAndItsRetryGoesThrough() {
        String bad = body("purchase.recorded", "{\"externalId\":\"H-1\",\"name\":\"Half\",\"date\":\"2026-11-01\","
                + "\"amount\":1.23456,\"currency\":\"EUR\",\"transactionId\":\"T-H\"}");
        InvalidInputException scale = refusedWithNothingWritten(InvalidInputException.class, () -> send("msg_half", bad));
        assertEquals("amount", scale.problems().get(0).field());
        refusedWithNothingWritten(InvalidInputException.class,
                () -> send("msg_cur", bad.replace("1.23456", "1.23").replace("\"EUR\"", "\"EURO\"")));
        refusedWithNothingWritten(InvalidInputException.class, () -> send("msg_future", body("deal.lost",
                "{\"externalId\":\"H-2\",\"name\":\"Later\",\"lostAt\":\"2999-01-01T00:00:00Z\"}")));
        assertTrue(customer("H-1").isEmpty() && customer("H-2").isEmpty(), "no customer was upserted");

        HookReceipt retried = send("msg_half", bad.replace("1.23456", "1.23"));
        assertNotNull(retried.purchaseId);
        assertEquals(1, rows("customers"));
        assertThrows(ConflictException.class, () -> send("msg_half", bad.replace("1.23456", "1.23")));
    }

    @Test
    void sourcesAreAdminsAndTheirSecretsAreShownOnlyWhenGenerated() {
        assertThrows(AccessDeniedException.class, () -> inbound.put("x", new HookSource(), MANAGER));
        assertThrows(AccessDeniedException.class, () -> inbound.list(MANAGER));
        HookSource given = new HookSource();
        given.secret = WebhookSecret.generate().text();
        InboundWebhooks.Registration replaced = inbound.put("crm", given, ADMIN);
        assertFalse(replaced.created());
        assertNull(replaced.source().secret);
        assertEquals("/api/v1/hooks/crm", replaced.source().url);
        HookSource bad = new HookSource();
        bad.secret = "plain-text";
        assertTrue(assertThrows(InvalidInputException.class, () -> inbound.put("crm", bad, ADMIN)).getMessage()
                .contains("whsec_"));
        assertThrows(InvalidInputException.class, () -> inbound.put(" crm", new HookSource(), ADMIN));
        assertThrows(InvalidInputException.class, () -> inbound.put("x".repeat(65), new HookSource(), ADMIN));
        assertEquals(1, inbound.list(ADMIN).size());
        inbound.delete("crm", ADMIN);
        assertThrows(dev.winback.api.NotFoundException.class, () -> inbound.get("crm", ADMIN));
        assertThrows(UnauthenticatedException.class, () -> send("msg_after", body("customer.upserted",
                "{\"externalId\":\"G\",\"name\":\"G\"}")));
    }
}
