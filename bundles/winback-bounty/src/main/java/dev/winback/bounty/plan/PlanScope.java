package dev.winback.bounty.plan;

import dev.winback.api.dto.LossKind;
import java.util.ArrayList;
import java.util.List;

/** Which win-backs a plan pays for; an empty list means all. */
public class PlanScope {
    public List<LossKind> lossKinds = new ArrayList<>();
    /** Customer segments as the host names them, compared ignoring case. */
    public List<String> segments = new ArrayList<>();
    /** Strategy names, e.g. {@code code99}. */
    public List<String> strategies = new ArrayList<>();
}
