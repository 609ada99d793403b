package dev.winback.reputation;

/** The two surveys: Net Promoter Score (0-10, "how likely are you to recommend us") and CSAT (1-5, "how satisfied"). */
public enum SurveyKind {
    NPS(0, 10), CSAT(1, 5);

    public final int min;
    public final int max;

    SurveyKind(int min, int max) {
        this.min = min;
        this.max = max;
    }
}
