package dev.winback.strategy.nurture;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The long game: give, give, give. Useful information and invitations, never a pitch, for as long as the customer
 * is willing to hear from us, and never more often than the contact limit allows. It is the fallback for lapsed
 * customers and lost deals: a specific strategy (fivestep, surprise24) should run those cases when one is
 * installed, so this one registers with a low {@code service.ranking}.
 *
 * <p>Each next touch is dated from the touches already made (their recorded times, not their due dates): its
 * {@code notBefore} is the earliest time the fatigue limit allows, so the engine refuses it any earlier, and it falls
 * due {@link #TOUCH_WINDOW} after that. The limit holds however late or early reps complete touches.
 *
 * <p>The plan loops by design: a customer who keeps answering is nurtured until they want to buy (the owner then
 * decides) or ask us to stop. Every touch and every answer can end it (STOP_REQUESTED), and unanswered touches
 * close it after {@code maxUnansweredTouches}.
 */
@Component(service = RecoveryStrategy.class, configurationPid = NurtureStrategy.PID,
        property = {RecoveryStrategy.NAME_PROPERTY + "=" + NurtureStrategy.NAME,
            "service.ranking:Integer=" + NurtureStrategy.RANKING})
@Designate(ocd = NurtureStrategy.Config.class)
public class NurtureStrategy implements RecoveryStrategy {
    static final String NAME = "nurture";
    static final String PID = "dev.winback.strategy.nurture";
    /** Below the default 0 of every other strategy: an engine that orders by ranking picks nurture last. */
    static final int RANKING = -100;

    @ObjectClassDefinition(name = "Winback nurture strategy",
            description = "How often the long game may contact a customer, and when it gives up")
    public @interface Config {
        @AttributeDefinition(name = "Touches per period",
                description = "Fatigue limit: at most this many touches in any window of 'Period (days)'", min = "1")
        int maxTouchesPerPeriod() default 2;

        @AttributeDefinition(name = "Period (days)", description = "The window of the fatigue limit", min = "1")
        int periodDays() default 30;

        @AttributeDefinition(name = "Days between touches",
                description = "The usual rhythm after a touch; the fatigue limit may push a touch later, never "
                        + "earlier", min = "1")
        int touchSpacingDays() default 14;

        @AttributeDefinition(name = "Every n-th touch is an event invitation",
                description = "The others share useful information; 0 never invites", min = "0")
        int eventInvitationEvery() default 3;

        @AttributeDefinition(name = "Unanswered touches before giving up",
                description = "Close as no response after this many touches in a row without an answer; 0 never "
                        + "gives up", min = "0")
        int maxUnansweredTouches() default 12;
    }

    static final String SENT = "SENT";
    static final String RESPONDED = "RESPONDED";
    static final String STOP_REQUESTED = "STOP_REQUESTED";
    static final String ANSWERED = "ANSWERED";
    static final String WANTS_TO_BUY = "WANTS_TO_BUY";

    static final String SHARE_USEFUL_INFO = "share-useful-info";
    static final String INVITE_TO_EVENT = "invite-to-event";
    static final String ANSWER_RESPONSE = "answer-response";

    /** The first gift comes soon after the loss, while we are still remembered. */
    static final Duration FIRST_TOUCH = Duration.ofDays(7);
    /** A customer who wrote back deserves an answer within two working days. */
    static final Duration ANSWER_WITHIN = Duration.ofDays(2);
    /** Never two touches on the same day, whatever the configuration says. */
    static final Duration MIN_GAP = Duration.ofDays(1);
    /** A touch may be sent from its notBefore on, and is due this long after it. */
    static final Duration TOUCH_WINDOW = Duration.ofDays(7);
    /** The customer wants to buy: the owner sells, and decides within this long what came of it. */
    static final Duration DECIDE_WITHIN = Duration.ofDays(30);
    static final String DECIDE_AFTER_INTEREST = "decide-after-interest";

    static final List<String> TOUCH_OUTCOMES = List.of(SENT, RESPONDED, STOP_REQUESTED);

    /** The configuration as the strategy uses it. */
    record Cadence(int maxTouches, Duration period, Duration spacing, int inviteEvery, int maxUnanswered) {
    }

    private volatile Cadence cadence;

    @Activate
    @Modified
    void configure(Config config) {
        if (config.maxTouchesPerPeriod() < 1 || config.periodDays() < 1 || config.touchSpacingDays() < 1
                || config.eventInvitationEvery() < 0 || config.maxUnansweredTouches() < 0) {
            throw new IllegalArgumentException("nurture: touches per period, period and spacing must be at least 1, "
                    + "invitation rhythm and unanswered limit at least 0");
        }
        // @Modified keeps the service registered: re-registering would pause and resume every open case.
        cadence = new Cadence(config.maxTouchesPerPeriod(), Duration.ofDays(config.periodDays()),
                Duration.ofDays(config.touchSpacingDays()), config.eventInvitationEvery(),
                config.maxUnansweredTouches());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StrategyDescription describe() {
        Cadence c = cadence;
        StrategyDescription d = new StrategyDescription();
        d.name = NAME;
        d.title = "Nurture (the long game)";
        d.summary = "Give, give, give: useful unsolicited information and event invitations, never a pitch, at "
                + "most " + c.maxTouches() + " touches in any " + c.period().toDays() + " days. It stops the moment "
                + "the customer asks (no further contact), hands over to the owner's decision when they want to "
                + "buy, and " + (c.maxUnanswered() == 0 ? "never gives up on silence"
                        : "closes as no response after " + c.maxUnanswered() + " unanswered touches in a row")
                + ". A fallback for lapsed customers and lost deals: prefer fivestep or surprise24 when installed.";
        d.lossKinds = List.of(LossKind.LAPSED, LossKind.LOST_DEAL);
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return recoveryCase.lossKind == LossKind.LAPSED || recoveryCase.lossKind == LossKind.LOST_DEAL;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        // No touch made yet, so no limit: the first gift comes within a week.
        return List.of(touch(1, cadence).dueIn(FIRST_TOUCH));
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        Cadence c = cadence;
        String code = outcome.code;
        boolean touch = isTouch(completed.name);
        if (!touch && !ANSWER_RESPONSE.equals(completed.name)) {
            throw new IllegalArgumentException(NAME + " has no step '" + completed.name + "'");
        }
        if (STOP_REQUESTED.equals(code)) {
            // They told us to stop: that is a "never" from the customer, not silence, and nobody may try again.
            Reaction r = Reaction.closeWith(CaseStatus.CLOSED_NEVER);
            r.noFurtherContact = true;
            return r;
        }
        Instant now = outcome.recordedAt != null ? outcome.recordedAt : Instant.now();
        List<Touch> touches = touches(recoveryCase, completed, outcome, now);
        if (touch && RESPONDED.equals(code)) {
            return Reaction.then(answer());
        }
        if (touch && SENT.equals(code)) {
            if (c.maxUnanswered() > 0 && unansweredInARow(touches) >= c.maxUnanswered()) {
                return Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE);
            }
            return Reaction.then(touch(touches.size() + 1, c).limitedTo(nextTouchAt(touches, now, c)));
        }
        if (!touch && ANSWERED.equals(code)) {
            return Reaction.then(touch(touches.size() + 1, c).limitedTo(nextTouchAt(touches, now, c)));
        }
        if (!touch && WANTS_TO_BUY.equals(code)) {
            // The customer raised buying, so selling is no longer a pitch: the owner takes over and decides.
            return Reaction.then(StepPlan.decision(DECIDE_AFTER_INTEREST, DECIDE_WITHIN,
                    "They brought up buying themselves (see the notes of answer-response): the nurture is over and "
                            + "the case is yours to win. Decide: WON_BACK when they have bought (close with the "
                            + "revenue and the evidence), HAND_OVER when the deal belongs in the sales pipeline, NEVER "
                            + "if it came to nothing. Say why in the notes."));
        }
        throw new IllegalArgumentException(NAME + ": step '" + completed.name + "' has no outcome '" + code + "'");
    }

    /**
     * The earliest time for the next touch: the usual rhythm after the last touch, pushed back until the window
     * that would contain it holds fewer than the limit, and never today.
     */
    static Instant nextTouchAt(List<Touch> touches, Instant now, Cadence c) {
        List<Instant> times = new ArrayList<>();
        touches.forEach(t -> times.add(t.at()));
        Collections.sort(times);
        Instant at = now.plus(MIN_GAP);
        if (!times.isEmpty()) {
            at = max(at, times.get(times.size() - 1).plus(c.spacing()));
        }
        if (times.size() >= c.maxTouches()) {
            // Any window of one period that holds the new touch must leave out the max-th most recent one.
            at = max(at, times.get(times.size() - c.maxTouches()).plus(c.period()));
        }
        return at;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static int unansweredInARow(List<Touch> touches) {
        int n = 0;
        for (Touch t : touches) {
            n = t.answered() ? 0 : n + 1;
        }
        return n;
    }

    /** A touch made: when, and whether the customer answered it. */
    record Touch(Instant at, boolean answered) {
    }

    /** Touches made so far, oldest first, including the one just completed whether or not the case lists it. */
    private static List<Touch> touches(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome,
            Instant now) {
        List<Touch> touches = new ArrayList<>();
        boolean completedListed = false;
        if (recoveryCase.steps != null) {
            for (RecoveryStep s : recoveryCase.steps) {
                boolean isCompleted = s == completed || (s.id != null && s.id.equals(completed.id));
                completedListed |= isCompleted;
                Outcome o = isCompleted ? outcome : s.outcome;
                if (isTouch(s.name) && (isCompleted || s.status == StepStatus.DONE) && o != null) {
                    touches.add(new Touch(o.recordedAt != null ? o.recordedAt : now, RESPONDED.equals(o.code)));
                }
            }
        }
        if (!completedListed && isTouch(completed.name)) {
            touches.add(new Touch(now, RESPONDED.equals(outcome.code)));
        }
        return touches;
    }

    private static boolean isTouch(String name) {
        return SHARE_USEFUL_INFO.equals(name) || INVITE_TO_EVENT.equals(name);
    }

    /** A touch being planned; {@link #limitedTo} or {@link #dueIn} finish it. */
    private record PlannedTouch(StepPlan plan) {
        /** Not before the earliest time the fatigue limit allows, due {@link #TOUCH_WINDOW} after it. */
        StepPlan limitedTo(Instant earliest) {
            plan.notBeforeAt = earliest;
            plan.dueAt = earliest.plus(TOUCH_WINDOW);
            return plan;
        }

        StepPlan dueIn(Duration due) {
            plan.dueIn = due;
            return plan;
        }
    }

    private static PlannedTouch touch(int number, Cadence c) {
        boolean invite = c.inviteEvery() > 0 && number % c.inviteEvery() == 0;
        String limit = " It cannot be sent before its not-before date: that date keeps us within " + c.maxTouches()
                + " touches in " + c.period().toDays() + " days. STOP_REQUESTED the moment they ask us to stop, "
                + "RESPONDED when they write to us: both may be recorded at any time.";
        // What the customer does is never too early to record; only what we send is limited.
        return new PlannedTouch((invite
                ? new StepPlan(INVITE_TO_EVENT, StepType.EVENT, TOUCH_WINDOW, TOUCH_OUTCOMES, "Nurture touch "
                        + number + ". Invite them to an event worth their time (a seminar, a user group, a customer "
                        + "evening) as a guest, not a prospect. Never a pitch: no offer, no price." + limit)
                : new StepPlan(SHARE_USEFUL_INFO, StepType.LETTER, TOUCH_WINDOW, TOUCH_OUTCOMES, "Nurture touch "
                        + number + ". Send them something useful with no strings: an article, a benchmark, a change "
                        + "in their market or regulations, an introduction. Never a pitch: no offer, no price."
                        + limit)).anytime(RESPONDED, STOP_REQUESTED));
    }

    private static StepPlan answer() {
        return new StepPlan(ANSWER_RESPONSE, StepType.FOLLOW_UP, ANSWER_WITHIN,
                List.of(ANSWERED, WANTS_TO_BUY, STOP_REQUESTED),
                "They wrote back: answer within two days, personally, on what they raised. Still no pitch. "
                        + "WANTS_TO_BUY only if they bring up buying themselves; then the case is yours to win.");
    }
}
