package dev.winback.reputation.improvement;

import dev.winback.api.dto.Page;
import java.math.BigDecimal;
import java.util.List;

/** A page of an improvement's notifications, with the totals over all of them (not just the page). */
public class NotificationPage extends Page<ImprovementNotification> {
    public Totals totals;

    public NotificationPage() {
    }

    public NotificationPage(List<ImprovementNotification> items, int page, int size, long total, Totals totals) {
        super(items, page, size, total);
        this.totals = totals;
    }

    /** Who was told, who was not, and how many of those told re-engaged. */
    public static class Totals {
        public long notified;
        public long skipped;
        public long reEngaged;
        /** reEngaged / notified, four decimals; null while nobody was told. */
        public BigDecimal rate;
    }
}
