package dev.winback.bounty.ledger;

import dev.winback.bounty.BountySettings;
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
 * Time passing is not an event: a clawback window that closes without a purchase takes its bounty back only when
 * someone looks. This looks at start and every {@code sweepMinutes}; every node may, as each accrual is changed under
 * its row lock and checked first.
 */
@Component(configurationPid = BountySettings.PID)
public class BountySweep {
    private static final Logger LOG = LoggerFactory.getLogger(BountySweep.class);
    private final ScheduledExecutorService timer;

    @Activate
    public BountySweep(@Reference Accruals accruals, BountySettings settings) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "winback-bounty-sweep");
            t.setDaemon(true);
            return t;
        });
        long minutes = Math.max(1, settings.sweepMinutes());
        timer.scheduleWithFixedDelay(() -> {
            try {
                accruals.sweep();
            } catch (RuntimeException e) {
                LOG.error("Bounty sweep failed; it runs again in {} minutes", minutes, e);
            }
        }, 0, minutes, TimeUnit.MINUTES);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
