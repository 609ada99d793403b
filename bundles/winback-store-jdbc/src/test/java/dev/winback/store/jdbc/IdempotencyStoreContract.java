package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.IdempotentRequest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class IdempotencyStoreContract extends DatabaseTestBase {
    private JdbcIdempotencyStore keys;

    IdempotencyStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStore() {
        keys = new JdbcIdempotencyStore(db);
    }

    @Test
    void theFirstClaimWinsAndLaterOnesSeeTheRecordedAnswer() {
        assertTrue(keys.claim("alice", "k-1", "fp").isEmpty());
        IdempotentRequest inProgress = keys.claim("alice", "k-1", "fp").orElseThrow();
        assertFalse(inProgress.completed);
        assertEquals("fp", inProgress.fingerprint);

        keys.complete("alice", "k-1", 201, "/api/v1/customers/1", "\"1\"", "{\"id\":1}");
        IdempotentRequest done = keys.claim("alice", "k-1", "fp").orElseThrow();
        assertTrue(done.completed);
        assertEquals(201, done.status);
        assertEquals("/api/v1/customers/1", done.location);
        assertEquals("\"1\"", done.etag);
        assertEquals("{\"id\":1}", done.body);
    }

    @Test
    void keysBelongToOneUser() {
        assertTrue(keys.claim("alice", "shared", "fp-a").isEmpty());
        assertTrue(keys.claim("bob", "shared", "fp-b").isEmpty());
        assertEquals("fp-a", keys.claim("alice", "shared", "x").orElseThrow().fingerprint);
    }

    @Test
    void aReleasedClaimCanBeTakenAgainButACompletedOneNot() {
        assertTrue(keys.claim("alice", "k-2", "fp").isEmpty());
        keys.release("alice", "k-2");
        assertTrue(keys.claim("alice", "k-2", "fp").isEmpty());
        keys.complete("alice", "k-2", 201, null, null, "{}");
        keys.release("alice", "k-2");
        assertTrue(keys.claim("alice", "k-2", "fp").orElseThrow().completed);
    }

    @Test
    void abandonedClaimsAndExpiredAnswersAreForgotten() throws SQLException {
        assertTrue(keys.claim("alice", "abandoned", "fp").isEmpty());
        assertTrue(keys.claim("alice", "answered", "fp").isEmpty());
        keys.complete("alice", "answered", 201, null, null, "{}");

        clock.step(JdbcIdempotencyStore.ABANDONED_AFTER.plusSeconds(1));
        assertTrue(keys.claim("alice", "abandoned", "fp2").isEmpty(), "an abandoned claim is free again");
        assertTrue(keys.claim("alice", "answered", "fp").orElseThrow().completed, "answers outlive claims");

        clock.step(JdbcIdempotencyStore.RETENTION);
        assertTrue(keys.claim("alice", "answered", "fp").isEmpty(), "answers expire");
        assertEquals(1, count("SELECT COUNT(*) FROM idempotency_keys"));
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<IdempotentRequest>>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> keys.claim("alice", "race", "fp"));
            }
            int winners = 0;
            for (Future<Optional<IdempotentRequest>> result : pool.invokeAll(claims)) {
                winners += result.get().isEmpty() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }
}
