package dev.winback.bounty.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/** One rule of a plan: its name ({@code double-commission}) and its parameters. */
public class PlanRule {
    public String rule;
    public Map<String, Object> params = new LinkedHashMap<>();

    public PlanRule() {
    }

    public PlanRule(String rule, Map<String, Object> params) {
        this.rule = rule;
        this.params = params;
    }
}
