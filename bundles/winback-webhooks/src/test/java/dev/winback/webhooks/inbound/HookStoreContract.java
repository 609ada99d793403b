package dev.winback.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.AuditEntry;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Sources and the ids they sent, on every database; run by one subclass per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HookStoreContract {
    private ScratchDatabase database;
    private JdbcHookStore store;

    abstract ScratchDatabase newDatabase();

    @BeforeAll
    void open() {
        database = newDatabase();
        store = new JdbcHookStore(database.db(Clock.systemUTC()), database.audit());
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void aSourceIsRegisteredThenItsSecretReplaced() {
        assertTrue(store.put("crm", "whsec_one", "admin"));
        assertFalse(store.put("crm", "whsec_two", "root"));
        assertEquals("whsec_two", store.secret("crm").orElseThrow());
        HookSource s = store.find("crm").orElseThrow();
        assertEquals("root", s.updatedBy);
        assertTrue(!s.updatedAt.isBefore(s.createdAt));
        assertTrue(store.sources().stream().anyMatch(x -> x.source.equals("crm")));
        assertTrue(store.put("gone", "whsec_x", "admin"));
        assertTrue(store.delete("gone", "admin"));
        assertFalse(store.delete("gone", "admin"));
        assertTrue(store.secret("gone").isEmpty());
    }

    @Test
    void anIdIsClaimedOncePerSourceUntilReleased() {
        Instant longAgo = Instant.now().minus(Duration.ofDays(1));
        assertTrue(store.claim("a", "msg_1", "deal.lost", longAgo));
        assertFalse(store.claim("a", "msg_1", "deal.lost", longAgo));
        assertTrue(store.claim("b", "msg_1", "deal.lost", longAgo));
        store.release("a", "msg_1");
        assertFalse(store.received("a", "msg_1"));
        assertTrue(store.claim("a", "msg_1", "deal.lost", longAgo));
    }

    @Test
    void idsOlderThanTheirKeepingAreForgotten() {
        assertTrue(store.claim("old", "msg_old", "deal.lost", Instant.now().minus(Duration.ofDays(1))));
        assertTrue(store.claim("old", "msg_new", "deal.lost", Instant.now().plusSeconds(5)));
        assertFalse(store.received("old", "msg_old"));
        assertTrue(store.received("old", "msg_new"));
    }

    @Test
    void ofTwoRacingClaimsOfOneIdExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Boolean> claim = () -> store.claim("race", "msg_race", "deal.lost", Instant.EPOCH);
            int wins = 0;
            for (Future<Boolean> f : pool.invokeAll(java.util.Collections.nCopies(8, claim))) {
                wins += f.get() ? 1 : 0;
            }
            assertEquals(1, wins);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sourceChangesAreAuditedWithoutTheirSecret() {
        store.put("audited", "whsec_first", "admin");
        store.put("audited", "whsec_second", "root");
        store.delete("audited", "admin");

        List<AuditEntry> trail = database.audit().forEntity(JdbcHookStore.ENTITY_TYPE, "audited");

        assertEquals(List.of("create:admin", "update:root", "delete:admin"),
                trail.stream().map(x -> x.action + ":" + x.actor).collect(Collectors.toList()));
        for (AuditEntry entry : trail) {
            assertFalse((entry.before + " " + entry.after).contains("whsec_"), entry.after);
        }
    }
}
