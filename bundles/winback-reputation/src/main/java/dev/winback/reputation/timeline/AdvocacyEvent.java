package dev.winback.reputation.timeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Something a customer did for our reputation: a testimonial, a referral, a public review. Of a review only its
 * existence, site and rating are kept, never its text: what counts is that it exists and how it rates.
 */
public class AdvocacyEvent {
    public UUID id;
    public UUID customerId;
    public Kind kind;
    /** The day it happened; today when not given. */
    public LocalDate occurredOn;
    /** A testimonial's or referral's note (who, what was said in a sentence); not for public reviews. */
    public String note;
    /** REFERRAL: the customer they referred, when Winback knows them; or their name. */
    public UUID referredCustomerId;
    public String referredName;
    /** REFERRAL with a known customer: what they have bought since the referral. Output only. */
    public BigDecimal referralRevenue;
    /** PUBLIC_REVIEW: where (e.g. trustpilot.com) and the rating out of {@link #ratingScale} (5 when not given). */
    public String site;
    public BigDecimal rating;
    public Integer ratingScale;
    public String recordedBy;
    public Instant recordedAt;

    public enum Kind {
        TESTIMONIAL, REFERRAL, PUBLIC_REVIEW
    }
}
