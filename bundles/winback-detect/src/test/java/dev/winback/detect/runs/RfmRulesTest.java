package dev.winback.detect.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.detect.RfmRule;
import dev.winback.api.detect.RfmRuleType;
import dev.winback.detect.Configs;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration of {@code dev.winback.detect}: rules in their short form, and the other settings' bounds. */
class RfmRulesTest {
    @Test
    void theDefaultsAreARuleForOneTimeBuyersAndAThresholdOfThirtyPercent() {
        DetectionSettings settings = DetectionSettings.from(Configs.defaults(LapsedCustomerDetection.Config.class));
        assertEquals(0.3, settings.threshold());
        assertEquals("other", settings.lossReason());
        assertEquals(52.0, settings.horizonWeeks());
        assertEquals(1, settings.rules().size());
        RfmRule rule = settings.rules().get(0);
        assertEquals(RfmRuleType.NO_PURCHASE_IN_DAYS, rule.type);
        assertEquals(365, rule.days);
    }

    @Test
    void parsesBothRuleTypesWithAnOptionalSpendFloor() {
        List<RfmRule> rules = RfmRules.parse(new String[] {"NO_PURCHASE_IN_DAYS:180:250.50",
            "silent_for_usual_gaps: 2.5 "});
        assertEquals(2, rules.size());
        assertEquals(180, rules.get(0).days);
        assertEquals(new BigDecimal("250.50"), rules.get(0).minTotalSpend);
        assertEquals(RfmRuleType.SILENT_FOR_USUAL_GAPS, rules.get(1).type);
        assertEquals(2.5, rules.get(1).multiple);
        assertEquals(null, rules.get(1).minTotalSpend);
        assertEquals("NO_PURCHASE_IN_DAYS:180:250.50", RfmRules.format(rules.get(0)));
        assertEquals("SILENT_FOR_USUAL_GAPS:2.5", RfmRules.format(rules.get(1)));
    }

    @Test
    void acceptsRulesAsOneCommaSeparatedStringAsACfgFileGivesThem() {
        List<RfmRule> rules = RfmRules.parse(new String[] {"NO_PURCHASE_IN_DAYS:365, SILENT_FOR_USUAL_GAPS:3"});
        assertEquals(List.of("NO_PURCHASE_IN_DAYS:365", "SILENT_FOR_USUAL_GAPS:3"),
                rules.stream().map(RfmRules::format).toList());
        assertEquals(List.of(), RfmRules.parse(new String[0]), "no rules: the threshold alone flags");
        assertEquals(List.of(), RfmRules.parse(new String[] {" "}));
    }

    @Test
    void aBadRuleNamesTheEntryAndTheRightForm() {
        for (String bad : List.of("NO_PURCHASE_IN_DAYS", "NO_PURCHASE_IN_DAYS:0", "NO_PURCHASE_IN_DAYS:-3",
                "NO_PURCHASE_IN_DAYS:ninety", "NO_PURCHASE_IN_DAYS:90:-1", "NO_PURCHASE_IN_DAYS:90:1:2",
                "SILENT_FOR_USUAL_GAPS:1", "SILENT_FOR_USUAL_GAPS:0.5", "SILENT_FOR_USUAL_GAPS:Infinity",
                "SILENT_FOR_USUAL_GAPS:NaN", "LOYALTY_DROP:3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RfmRules.parse(new String[] {bad}), bad);
            assertTrue(e.getMessage().startsWith("rules: '" + bad + "' is not a rule: "), e.getMessage());
        }
    }

    @Test
    void aBadConfigurationStopsActivationWithAMessageThatSaysWhatToFix() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("rules", new String[] {"NO_PURCHASE_IN_DAYS:0"}),
                Map.of("probabilityAliveThreshold", 0.0), Map.of("probabilityAliveThreshold", 1.0),
                Map.of("lossReason", " "), Map.of("horizonWeeks", 0.0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LapsedCustomerDetection(null, null, null, null, null,
                            Configs.of(LapsedCustomerDetection.Config.class, bad)), bad.toString());
            String setting = bad.keySet().iterator().next();
            assertTrue(e.getMessage().startsWith("Configuration dev.winback.detect is invalid: " + setting),
                    e.getMessage());
        }
    }
}
