package dev.winback.api.detect;

import java.math.BigDecimal;

/**
 * One admin rule that flags a customer as lapsed, whatever the model says. A rule applies only to customers whose
 * total spend is at least {@link #minTotalSpend}, so that small accounts need not become cases.
 */
public class RfmRule {
    public RfmRuleType type;
    /** For {@link RfmRuleType#NO_PURCHASE_IN_DAYS}: the days of silence that flag, at least 1. */
    public Integer days;
    /** For {@link RfmRuleType#SILENT_FOR_USUAL_GAPS}: how many usual gaps of silence flag, more than 1. */
    public Double multiple;
    /** Optional floor on the customer's total spend for the rule to apply. */
    public BigDecimal minTotalSpend;

    public RfmRule() {
    }

    public static RfmRule noPurchaseInDays(int days) {
        RfmRule rule = new RfmRule();
        rule.type = RfmRuleType.NO_PURCHASE_IN_DAYS;
        rule.days = days;
        return rule;
    }

    public static RfmRule silentForUsualGaps(double multiple) {
        RfmRule rule = new RfmRule();
        rule.type = RfmRuleType.SILENT_FOR_USUAL_GAPS;
        rule.multiple = multiple;
        return rule;
    }
}
