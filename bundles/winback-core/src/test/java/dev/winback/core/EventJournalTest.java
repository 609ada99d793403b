package dev.winback.core;

import static dev.winback.core.CoreFixture.ADMIN;
import static dev.winback.core.CoreFixture.MANAGER;
import static dev.winback.core.CoreFixture.REP1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.event.EventPage;
import dev.winback.api.event.EventQuery;
import dev.winback.api.event.EventTypes;
import dev.winback.store.jdbc.JdbcEventStore;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventJournalTest {
    private final CoreFixture core = new CoreFixture();
    private final EventJournal journal = new EventJournal(new JdbcEventStore(core.db));

    @Test
    void adminsReadTheLogPageByPage() {
        core.customer("C-1", "rep1");
        core.customer("C-2", "rep1");
        EventQuery query = new EventQuery();
        query.limit = 1;
        EventPage first = journal.read(query, ADMIN);
        assertEquals(List.of(EventTypes.CUSTOMER_CREATED), first.items.stream().map(e -> e.type)
                .collect(Collectors.toList()));
        query.after = first.next;
        EventPage second = journal.read(query, ADMIN);
        assertEquals(1, second.items.size());
        query.after = second.next;
        EventPage empty = journal.read(query, ADMIN);
        assertEquals(List.of(), empty.items);
        assertEquals(second.next, empty.next, "an empty page keeps the cursor where it was");
    }

    @Test
    void onlyAdminsReadItAndBadQueriesSayWhatIsWrong() {
        EventQuery query = new EventQuery();
        assertThrows(AccessDeniedException.class, () -> journal.read(query, MANAGER));
        assertThrows(AccessDeniedException.class, () -> journal.read(query, REP1));
        query.limit = 0;
        query.types = List.of("case.exploded");
        query.after = -1;
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> journal.read(query, ADMIN));
        assertEquals(List.of("after", "limit", "type"), bad.problems().stream().map(p -> p.field())
                .collect(Collectors.toList()));
    }
}
