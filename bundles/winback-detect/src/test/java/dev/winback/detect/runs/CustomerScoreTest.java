package dev.winback.detect.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.detect.CustomerScore;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.FittedModel;
import dev.winback.api.store.PurchaseHistory;
import dev.winback.detect.model.BgNbdModel;
import dev.winback.detect.model.RepeatBuying;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One customer's score from a run's model: every field filled, money to the cent. */
class CustomerScoreTest {
    static final DetectionRun RUN = run();

    static DetectionRun run() {
        DetectionRun run = new DetectionRun();
        run.id = UUID.randomUUID();
        run.model = new FittedModel();
        // The CDNOW estimates of Fader, Hardie and Lee (2005).
        run.model.r = 0.243;
        run.model.alpha = 4.414;
        run.model.a = 0.793;
        run.model.b = 2.426;
        run.model.logLikelihood = -9582.4;
        run.model.customers = 2357;
        return run;
    }

    @Test
    void fillsEveryFigureOfARepeatBuyer() {
        UUID id = UUID.randomUUID();
        LocalDate asOf = LocalDate.of(1997, 9, 30);
        PurchaseHistory history = new PurchaseHistory(id, LocalDate.of(1997, 1, 1), LocalDate.of(1997, 8, 2), 3,
                new BigDecimal("74.02"), false);
        CustomerScore score = LapsedCustomerDetection.score(CustomerHistory.of(history, asOf), RUN, 52);

        assertEquals(id, score.customerId);
        assertEquals(asOf, score.asOf);
        assertEquals(LocalDate.of(1997, 1, 1), score.firstPurchase);
        assertEquals(LocalDate.of(1997, 8, 2), score.lastPurchase);
        assertEquals(59, score.recencyDays);
        assertEquals(2, score.frequency);
        assertEquals(new BigDecimal("24.67"), score.monetaryValue);
        assertEquals(new BigDecimal("74.02"), score.totalSpend);
        assertEquals(213 / 2.0, score.usualGapDays);
        BgNbdModel model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        RepeatBuying weeks = new RepeatBuying(2, 213 / 7.0, 272 / 7.0);
        assertEquals(model.probabilityAlive(weeks), score.probabilityAlive, 1e-12);
        assertEquals(model.conditionalExpectedPurchases(weeks, 52), score.expectedPurchases, 1e-12);
        assertEquals(52.0, score.horizonWeeks);
        assertEquals(2, score.secondLifetimeValue.scale());
        assertTrue(score.secondLifetimeValue.compareTo(score.monetaryValue) > 0,
                "coming back is a purchase, and more may follow");
        assertEquals(RUN.id, score.modelRunId);
        assertSame(RUN.model, score.model);
    }

    @Test
    void aOneTimeBuyerHasNoUsualGapAndIsAliveToTheModel() {
        PurchaseHistory once = new PurchaseHistory(UUID.randomUUID(), LocalDate.of(1997, 3, 1),
                LocalDate.of(1997, 3, 1), 1, new BigDecimal("12.5"), false);
        CustomerScore score = LapsedCustomerDetection.score(CustomerHistory.of(once, LocalDate.of(1998, 3, 1)),
                RUN, 52);
        assertEquals(0, score.frequency);
        assertNull(score.usualGapDays);
        assertEquals(365, score.recencyDays);
        assertEquals(1.0, score.probabilityAlive);
        assertEquals(new BigDecimal("12.50"), score.monetaryValue);
    }
}
