package dev.winback.detect.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The history the model learns from: every purchase up to and including {@code end}. Each customer's clock starts
 * at their own first purchase, so the period needs no start; customers who first bought after {@code end} are not
 * part of it.
 *
 * @param end the last day of the calibration period
 */
public record CalibrationPeriod(LocalDate end) {
    public CalibrationPeriod {
        Objects.requireNonNull(end, "end");
    }

    /** Builds one summary per customer who bought on or before {@link #end()}, in the order customers first appear. */
    public List<CustomerSummary> summarize(Collection<Purchase> purchases) {
        Map<String, Days> byCustomer = new LinkedHashMap<>();
        for (Purchase p : purchases) {
            if (!p.date().isAfter(end)) {
                byCustomer.computeIfAbsent(p.customerId(), id -> new Days()).add(p);
            }
        }
        List<CustomerSummary> summaries = new ArrayList<>(byCustomer.size());
        byCustomer.forEach((id, d) -> summaries.add(new CustomerSummary(id, d.first, d.last, end,
                d.days.size() - 1, d.spend / d.days.size())));
        return summaries;
    }

    /**
     * Counts, per calibrated customer, the distinct purchase days after {@link #end()} up to and including
     * {@code holdoutEnd}: the actual figures that the model's conditional expectations are checked against. Every
     * customer of {@link #summarize} has an entry, zero if they did not buy again.
     */
    public Map<String, Integer> holdoutPurchases(Collection<Purchase> purchases, LocalDate holdoutEnd) {
        if (!holdoutEnd.isAfter(end)) {
            throw new IllegalArgumentException("the holdout must end after " + end + ", not on " + holdoutEnd);
        }
        Set<String> calibrated = new HashSet<>();
        for (Purchase p : purchases) {
            if (!p.date().isAfter(end)) {
                calibrated.add(p.customerId());
            }
        }
        Map<String, Set<LocalDate>> days = new HashMap<>();
        for (Purchase p : purchases) {
            if (p.date().isAfter(end) && !p.date().isAfter(holdoutEnd) && calibrated.contains(p.customerId())) {
                days.computeIfAbsent(p.customerId(), id -> new HashSet<>()).add(p.date());
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String id : calibrated) {
            counts.put(id, days.getOrDefault(id, Set.of()).size());
        }
        return counts;
    }

    /** Length of a holdout period that follows this calibration period, in weeks. */
    public double weeksUntil(LocalDate holdoutEnd) {
        return ChronoUnit.DAYS.between(end, holdoutEnd) / CustomerSummary.DAYS_PER_WEEK;
    }

    private static final class Days {
        final Set<LocalDate> days = new HashSet<>();
        LocalDate first;
        LocalDate last;
        double spend;

        void add(Purchase p) {
            days.add(p.date());
            first = first == null || p.date().isBefore(first) ? p.date() : first;
            last = last == null || p.date().isAfter(last) ? p.date() : last;
            spend += p.amount();
        }
    }
}
