package dev.winback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.winback.api.event.WinbackEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class EventAdminBridgeTest {
    private static final Instant STARTED = Instant.parse("2026-11-02T09:00:00Z");

    @Test
    void topicsNameTheSubjectAndTheAction() {
        assertEquals("dev/winback/case/CLOSED", EventAdminBridge.topic("case.closed"));
        assertEquals("dev/winback/case/STEP_COMPLETED", EventAdminBridge.topic("case.step.completed"));
        assertEquals("dev/winback/customer/CONTACT_BLOCKED", EventAdminBridge.topic("customer.contact-blocked"));
    }

    @Test
    void newsIsPostedHistoryIsNot() {
        List<Event> posted = new ArrayList<>();
        EventAdminBridge bridge = new EventAdminBridge(new MovableClock(STARTED));
        bridge.events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        };
        bridge.onEvent(event(1, STARTED.minusSeconds(1)));
        bridge.onEvent(event(2, STARTED.plusSeconds(1)));
        assertEquals(1, posted.size());
        assertEquals("dev/winback/case/CLOSED", posted.get(0).getTopic());
        assertEquals(2L, posted.get(0).getProperty("id"));
        assertEquals("{\"status\":\"WON_BACK\"}", posted.get(0).getProperty("payload"));
    }

    private static WinbackEvent event(long id, Instant at) {
        WinbackEvent e = new WinbackEvent();
        e.id = id;
        e.type = "case.closed";
        e.occurredAt = at;
        e.entityType = "case";
        e.entityId = "c-1";
        e.actor = "rep1";
        e.payload = "{\"status\":\"WON_BACK\"}";
        return e;
    }
}
