package dev.winback.reputation;

/** Where one answer puts a customer: the NPS bands, with CSAT mapped onto them by the configured thresholds. */
public enum Band {
    DETRACTOR, PASSIVE, PROMOTER;

    /** The band of a score of {@code kind}, by the configured thresholds. */
    public static Band of(SurveyKind kind, int score, ReputationSettings settings) {
        int detractorMax = kind == SurveyKind.NPS ? settings.npsDetractorMax() : settings.csatDetractorMax();
        int promoterMin = kind == SurveyKind.NPS ? settings.npsPromoterMin() : settings.csatPromoterMin();
        if (score <= detractorMax) {
            return DETRACTOR;
        }
        return score >= promoterMin ? PROMOTER : PASSIVE;
    }
}
