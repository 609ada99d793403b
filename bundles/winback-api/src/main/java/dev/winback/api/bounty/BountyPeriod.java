package dev.winback.api.bounty;

import java.time.LocalDate;

/** The stretches of time caps and accelerators count over; calendar periods in the bounty module's time zone. */
public enum BountyPeriod {
    MONTH, QUARTER, YEAR;

    /** The period's label for a day: {@code 2026-03}, {@code 2026-Q1} or {@code 2026}. */
    public String label(LocalDate day) {
        switch (this) {
            case MONTH:
                return String.format("%04d-%02d", day.getYear(), day.getMonthValue());
            case QUARTER:
                return String.format("%04d-Q%d", day.getYear(), (day.getMonthValue() + 2) / 3);
            default:
                return String.format("%04d", day.getYear());
        }
    }

    /** The first day of the period that holds {@code day}. */
    public LocalDate start(LocalDate day) {
        switch (this) {
            case MONTH:
                return day.withDayOfMonth(1);
            case QUARTER:
                return LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
            default:
                return LocalDate.of(day.getYear(), 1, 1);
        }
    }

    /** The first day after the period that holds {@code day}. */
    public LocalDate end(LocalDate day) {
        switch (this) {
            case MONTH:
                return start(day).plusMonths(1);
            case QUARTER:
                return start(day).plusMonths(3);
            default:
                return start(day).plusYears(1);
        }
    }
}
