package dev.winback.core;

import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.store.CaseStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags steps that passed their due time and escalates them: each newly overdue step is claimed in the database
 * (so with several nodes on one PostgreSQL exactly one node flags it) and announced as an OSGi event on
 * {@value #TOPIC}, naming the assignee and, for steps that escalate, the manager of the owner's team. Notification bundles
 * (mail, a task in the host CRM) subscribe to the topic; {@code GET /api/v1/cases?overdue=true} lists the cases.
 */
@Component(service = OverdueSweep.class, immediate = true, configurationPid = "dev.winback.core.overdue")
@Designate(ocd = OverdueSweep.Config.class)
public class OverdueSweep {
    static final String TOPIC = "dev/winback/step/OVERDUE";
    private static final Logger LOG = LoggerFactory.getLogger(OverdueSweep.class);
    private static final String ACTOR = "system:overdue-sweep";

    @ObjectClassDefinition(name = "Winback overdue sweep", description = "How often overdue steps are flagged")
    public @interface Config {
        @AttributeDefinition(name = "Interval (seconds)", description = "Time between two sweeps")
        int intervalSeconds() default 60;

        @AttributeDefinition(name = "Batch size", description = "Steps flagged per database round trip")
        int batchSize() default 100;
    }

    private final CaseStore cases;
    /** For the manager of reps in no team, which is the engine's configuration. */
    private final CaseEngine engine;
    private final Clock clock;
    private final int batchSize;
    private ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventAdmin events;

    @Activate
    public OverdueSweep(@Reference CaseStore cases, @Reference CaseEngine engine, Config config) {
        this(cases, engine, Clock.systemUTC(), config.batchSize());
        timer = DaemonTimer.named("winback-overdue-sweep");
        int interval = Math.max(1, config.intervalSeconds());
        timer.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.SECONDS);
    }

    OverdueSweep(CaseStore cases, CaseEngine engine, Clock clock, int batchSize) {
        this.engine = engine;
        this.cases = cases;
        this.clock = clock;
        this.batchSize = Math.max(1, batchSize);
    }

    @Deactivate
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Flags every step overdue now; returns how many this node flagged. */
    int sweep() {
        int flagged = 0;
        List<RecoveryStep> batch;
        do {
            batch = cases.claimNewlyOverdue(Instant.now(clock), batchSize, engine.defaultManager(), ACTOR);
            for (RecoveryStep step : batch) {
                announce(step);
            }
            flagged += batch.size();
        } while (batch.size() == batchSize);
        return flagged;
    }

    private void sweepQuietly() {
        try {
            int flagged = sweep();
            if (flagged > 0) {
                LOG.info("{} step(s) became overdue", flagged);
            }
        } catch (RuntimeException e) {
            // The database may be briefly away; the next sweep picks up what this one missed.
            LOG.warn("Overdue sweep failed", e);
        }
    }

    private void announce(RecoveryStep step) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("caseId", step.caseId.toString());
        properties.put("stepId", step.id.toString());
        properties.put("step", step.name);
        properties.put("dueAt", step.dueAt.toString());
        properties.put("assignee", step.assignee);
        if (step.escalatedTo != null) {
            properties.put("escalateTo", step.escalatedTo);
        }
        admin.postEvent(new Event(TOPIC, properties));
    }
}
