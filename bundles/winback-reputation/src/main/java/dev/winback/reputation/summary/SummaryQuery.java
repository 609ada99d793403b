package dev.winback.reputation.summary;

import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.rest.RequestParams;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a summary covers: the days from {@link #from} to {@link #to}, both included (UTC), optionally only the
 * customers of one segment or those a strategy has run a case for, and the word-of-mouth multipliers when they are
 * not the configured ones. There is deliberately no filter on scores or bands: negative feedback may not be left out
 * of the figures (16 CFR 465).
 */
public final class SummaryQuery {
    /** The longest window: ten years. */
    public static final int MAX_YEARS = 10;
    /** The largest multiplier a request may give: nobody tells more than a thousand people. */
    public static final double MAX_TELLS = 1000;

    public final LocalDate from;
    public final LocalDate to;
    /** Lower-cased; null for every segment. */
    public final String segment;
    /** Lower-cased; null for every customer. */
    public final String strategy;
    /** Null: the configured one. */
    public final Double unhappyTells;
    /** Null: the configured one. */
    public final Double happyTells;

    private SummaryQuery(LocalDate from, LocalDate to, String segment, String strategy, Double unhappyTells,
            Double happyTells) {
        this.from = from;
        this.to = to;
        this.segment = segment == null ? null : segment.toLowerCase(Locale.ROOT);
        this.strategy = strategy == null ? null : strategy.toLowerCase(Locale.ROOT);
        this.unhappyTells = unhappyTells;
        this.happyTells = happyTells;
    }

    /** The year up to today (UTC), for everyone, with the configured multipliers. */
    public static SummaryQuery lastYear(Clock clock) {
        return parse(null, null, null, null, null, null, clock);
    }

    /**
     * The query of a request's parameters, each as text and null when absent: {@code to} defaults to today (UTC) and
     * {@code from} to 364 days before {@code to}, so the default window is a year of 365 days.
     *
     * @throws InvalidInputException naming every parameter that is wrong
     */
    public static SummaryQuery parse(String from, String to, String segment, String strategy, String unhappyTells,
            String happyTells, Clock clock) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate last = date("to", to, problems);
        LocalDate first = date("from", from, problems);
        Double unhappy = tells("unhappyTells", unhappyTells, problems);
        Double happy = tells("happyTells", happyTells, problems);
        if (last == null && (to == null || to.isBlank())) {
            last = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        }
        if (first == null && (from == null || from.isBlank()) && last != null) {
            first = last.minusDays(364);
        }
        if (first != null && last != null) {
            if (first.isAfter(last)) {
                problems.add(new FieldProblem("from", "must not be after to (" + first + " is after " + last + ")"));
            } else if (first.isBefore(last.minusYears(MAX_YEARS))) {
                problems.add(new FieldProblem("from", "the window may span at most " + MAX_YEARS + " years ("
                        + first + " is more than " + MAX_YEARS + " years before " + last + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new SummaryQuery(first, last, RequestParams.text(segment), RequestParams.text(strategy), unhappy,
                happy);
    }

    private static LocalDate date(String name, String value, List<FieldProblem> problems) {
        try {
            return RequestParams.date(name, value);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static Double tells(String name, String value, List<FieldProblem> problems) {
        String expected = "a number of people from 0 to " + (int) MAX_TELLS;
        try {
            Double tells = RequestParams.decimal(name, value, expected);
            if (tells != null && !(tells >= 0 && tells <= MAX_TELLS)) {
                problems.add(new FieldProblem(name, "must be " + expected + " (got '" + value + "')"));
                return null;
            }
            return tells;
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
