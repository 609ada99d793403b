package dev.winback.reputation.survey;

import dev.winback.reputation.ReputationSettings;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the invitations that have come due (the second survey after a win-back) every {@code sweepMinutes}. Every
 * node may sweep: each invitation is sent under its row lock, and rows another node holds are skipped.
 */
@Component(configurationPid = ReputationSettings.PID)
public class InvitationSweep {
    private static final Logger LOG = LoggerFactory.getLogger(InvitationSweep.class);

    private final ScheduledExecutorService timer;

    @Activate
    public InvitationSweep(@Reference Surveys surveys, ReputationSettings settings) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "winback-survey-invitations");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, settings.sweepMinutes());
        timer.scheduleWithFixedDelay(() -> {
            try {
                int sent = surveys.sendDue();
                if (sent > 0) {
                    LOG.info("Sent or cancelled {} survey invitations that had come due", sent);
                }
            } catch (RuntimeException e) {
                LOG.warn("Sending due survey invitations failed; trying again in {} minutes", every, e);
            }
        }, 1, every * 60, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
