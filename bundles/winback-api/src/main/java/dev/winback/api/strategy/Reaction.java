package dev.winback.api.strategy;

import dev.winback.api.dto.CaseStatus;
import java.util.ArrayList;
import java.util.List;

/** A strategy's answer to an outcome: the next steps, and whether the case ends. */
public class Reaction {
    /** Steps to schedule next; empty when the plan waits or ends. */
    public List<StepPlan> next = new ArrayList<>();
    /** A terminal status to close the case with, or null to keep it open. */
    public CaseStatus close;
    /**
     * The customer must not be contacted again (e.g. after "we cannot provide what you need"): the engine refuses
     * any further step on the case.
     */
    public boolean noFurtherContact;

    public static Reaction nothing() {
        return new Reaction();
    }

    public static Reaction then(StepPlan... steps) {
        Reaction r = new Reaction();
        r.next.addAll(List.of(steps));
        return r;
    }

    public static Reaction closeWith(CaseStatus status) {
        Reaction r = new Reaction();
        r.close = status;
        return r;
    }
}
