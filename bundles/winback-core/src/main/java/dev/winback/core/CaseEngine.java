package dev.winback.core;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.SecondChanceAgreement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.store.CaseStore;
import dev.winback.api.store.CustomerStore;
import dev.winback.api.store.LossReasonStore;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The case engine: opens recovery cases with the plan of their strategy, records step outcomes and follows the
 * strategy's reaction, closes cases. Strategies only decide; every change goes to the store as one
 * {@link CaseChange}, so a crash can never leave a step completed without its follow-up scheduled.
 *
 * <p>A rep works only their own cases while managers and admins see all.
 */
// Also registered under its own (private) class for the overdue sweep, which needs the reporting lines.
@Component(service = {RecoveryCaseService.class, CaseEngine.class}, configurationPid = "dev.winback.core.engine")
@Designate(ocd = CaseEngine.Config.class)
public class CaseEngine implements RecoveryCaseService {
    static final int MAX_NOTES = 10_000;
    /** The engine's own step that checks a condition of the second-chance agreement on its date. */
    static final String CHECK_CONDITION = "check-condition";
    static final String CONDITION_KEPT = "KEPT";
    static final String CONDITION_BROKEN = "BROKEN";
    /** Clocks drift between the host CRM and us; a loss dated a few minutes ahead is not a mistake. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @ObjectClassDefinition(name = "Winback case engine",
            description = "How new recovery cases get their strategy and who escalations go to")
    public @interface Config {
        @AttributeDefinition(name = "Strategy per loss kind",
                description = "LOSS_KIND=strategy pairs: the strategy a new case of that kind gets when the caller "
                        + "names none and that strategy is installed")
        String[] strategyForLossKind() default {"HOSTILE=code99", "LOST_DEAL=surprise24", "LAPSED=fivestep",
            "COMPLAINT=fivestep"};

        @AttributeDefinition(name = "Managers",
                description = "rep=manager pairs: whom a rep's overdue and escalated steps go to")
        String[] managers() default {};

        @AttributeDefinition(name = "Default manager",
                description = "Manager for reps not listed under Managers; empty keeps escalations with the rep")
        String defaultManager() default "";
    }

    private final CaseStore cases;
    private final CustomerStore customers;
    private final LossReasonStore lossReasons;
    private final StrategyRegistry strategies;
    private final Clock clock;
    private volatile Map<LossKind, String> strategyForKind = Map.of();
    private volatile Map<String, String> managers = Map.of();
    private volatile String defaultManager = "";

    @Activate
    public CaseEngine(@Reference CaseStore cases, @Reference CustomerStore customers,
            @Reference LossReasonStore lossReasons, @Reference StrategyRegistry strategies, Config config) {
        this(cases, customers, lossReasons, strategies, Clock.systemUTC());
        configure(config);
    }

    CaseEngine(CaseStore cases, CustomerStore customers, LossReasonStore lossReasons, StrategyRegistry strategies,
            Clock clock) {
        this.cases = cases;
        this.customers = customers;
        this.lossReasons = lossReasons;
        this.strategies = strategies;
        this.clock = clock;
    }

    @Modified
    void configure(Config config) {
        Map<LossKind, String> kinds = new EnumMap<>(LossKind.class);
        for (Map.Entry<String, String> e : pairs(config.strategyForLossKind()).entrySet()) {
            try {
                kinds.put(LossKind.valueOf(e.getKey()), e.getValue());
            } catch (IllegalArgumentException unknownKind) {
                throw new IllegalArgumentException("strategyForLossKind: '" + e.getKey() + "' is not a loss kind");
            }
        }
        strategyForKind = kinds;
        managers = pairs(config.managers());
        defaultManager = config.defaultManager().strip();
    }

    /** key=value pairs, given as array entries or comma-separated (as a .cfg file gives them: one string). */
    private static Map<String, String> pairs(String[] values) {
        Map<String, String> map = new HashMap<>();
        for (String entry : java.util.Arrays.stream(values).flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip).filter(e -> !e.isEmpty()).toArray(String[]::new)) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not of the form key=value");
            }
            map.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return map;
    }

    @Override
    public RecoveryCase open(RecoveryCase draft, Actor actor) {
        return cases.insert(prepare(draft, actor), actor.name());
    }

    @Override
    public Optional<RecoveryCase> openDetected(RecoveryCase draft, DetectionFinding finding, Actor actor) {
        CustomerDirectory.requireUser(actor);
        if (!actor.seesAllCases()) {
            // Detection opens cases across the whole base; a rep's view is only their own book.
            throw new AccessDeniedException("Only admins and managers open cases from detection");
        }
        RecoveryCase c = prepare(draft, actor);
        FieldRules rules = new FieldRules();
        rules.present("detection", finding);
        rules.throwIfAny();
        DetectionFinding f = new DetectionFinding();
        f.runId = rules.present("detection.runId", finding.runId);
        f.probabilityAlive = finding.probabilityAlive;
        f.secondLifetimeValue = finding.secondLifetimeValue;
        f.reason = rules.text("detection.reason", finding.reason, true, MAX_NOTES);
        rules.throwIfAny();
        c.detection = f;
        return cases.insertUnlessOpen(c, actor.name());
    }

    /** Validates a draft and builds the case to insert, with its owner, strategy and first steps. */
    private RecoveryCase prepare(RecoveryCase draft, Actor actor) {
        CustomerDirectory.requireUser(actor);
        FieldRules rules = new FieldRules();
        if (draft == null) {
            rules.problem("body", "a case object is required");
            rules.throwIfAny();
        }
        RecoveryCase c = new RecoveryCase();
        c.customerId = rules.present("customerId", draft.customerId);
        c.lossKind = rules.present("lossKind", draft.lossKind);
        c.lossReason = rules.text("lossReason", draft.lossReason, true, 64);
        c.lostAt = draft.lostAt;
        Instant now = Instant.now(clock);
        if (c.lostAt != null && c.lostAt.isAfter(now.plus(CLOCK_SKEW))) {
            rules.problem("lostAt", "must not be in the future");
        }
        c.ownerRep = rules.text("ownerRep", draft.ownerRep, false, CustomerDirectory.MAX_USER);
        c.notes = rules.text("notes", draft.notes, false, MAX_NOTES);
        String named = rules.text("strategy", draft.strategy, false, 64);
        rules.throwIfAny();

        Optional<Customer> customer = customers.find(c.customerId);
        if (customer.isEmpty()) {
            throw new UnknownReferenceException("customerId", "no customer has id " + c.customerId);
        }
        if (lossReasons.find(c.lossReason).isEmpty()) {
            throw new UnknownReferenceException("lossReason",
                    "'" + c.lossReason + "' is not a loss reason; GET /api/v1/loss-reasons lists the codes");
        }
        if (!actor.seesAllCases()) {
            if (c.ownerRep != null && !c.ownerRep.equals(actor.name())) {
                throw new AccessDeniedException("A rep can open cases only for themselves (ownerRep '"
                        + actor.name() + "')");
            }
            c.ownerRep = actor.name();
        } else if (c.ownerRep == null) {
            // The rep who owns the relationship is the natural owner of its recovery.
            c.ownerRep = customer.get().ownerRep != null ? customer.get().ownerRep : actor.name();
        }
        c.status = CaseStatus.OPEN;
        c.openedBy = actor.name();
        c.steps = new ArrayList<>();
        Optional<RecoveryStrategy> strategy = named != null ? Optional.of(strategies.get(named).orElseThrow(
                () -> new UnknownReferenceException("strategy", "'" + named + "' is not an installed strategy; "
                        + "GET /api/v1/strategies lists them"))) : choose(c);
        if (strategy.isPresent()) {
            c.strategy = strategy.get().name();
            for (StepPlan plan : strategy.get().plan(c)) {
                c.steps.add(step(plan, c, now));
            }
        }
        return c;
    }

    /** The admin's rule for the loss kind if that strategy is installed, else the first installed that applies. */
    private Optional<RecoveryStrategy> choose(RecoveryCase c) {
        Optional<RecoveryStrategy> byRule = strategies.get(strategyForKind.get(c.lossKind));
        if (byRule.isPresent()) {
            return byRule;
        }
        return strategies.byPreference().stream().filter(s -> s.appliesTo(c)).findFirst();
    }

    @Override
    public RecoveryCase completeStep(UUID caseId, UUID stepId, String outcome, String notes, Actor actor) {
        FieldRules rules = new FieldRules();
        String code = rules.text("outcome", outcome, true, 64);
        String text = rules.text("notes", notes, false, MAX_NOTES);
        rules.throwIfAny();
        RecoveryCase c = visibleCase(caseId, actor);
        RecoveryStep step = c.steps.stream().filter(s -> s.id.equals(stepId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Case " + caseId + " has no step " + stepId));
        requireWorkable(c);
        if (!actor.seesAllCases() && step.assignee != null && !step.assignee.equals(actor.name())) {
            throw new AccessDeniedException("Step '" + step.name + "' is assigned to " + step.assignee);
        }
        if (step.status != StepStatus.PLANNED) {
            throw new ConflictException("Step '" + step.name + "' is already " + step.status);
        }
        String normalized = code.toUpperCase(java.util.Locale.ROOT);
        if (step.allowedOutcomes != null && !step.allowedOutcomes.isEmpty()
                && !step.allowedOutcomes.contains(normalized)) {
            throw new InvalidInputException("outcome", "must be one of " + String.join(", ", step.allowedOutcomes)
                    + " for step '" + step.name + "' (got '" + code + "')");
        }
        Instant now = Instant.now(clock);
        if (step.conditionId != null) {
            // The engine's own check of an agreed condition: its outcome belongs to the agreement, not the plan.
            return checkCondition(c, step, normalized, text, actor, now);
        }
        RecoveryStrategy strategy = strategyOf(c);
        Outcome result = new Outcome();
        result.code = normalized;
        result.notes = text;
        result.recordedBy = actor.name();
        result.recordedAt = now;
        // The strategy sees the step as done, as it will be once the change is applied.
        step.status = StepStatus.DONE;
        step.outcome = result;
        Reaction reaction;
        try {
            reaction = strategy.onOutcome(c, step, result);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A step planned by an older version of the strategy, say: the case cannot move until someone looks.
            throw new ConflictException("Strategy '" + strategy.name() + "' cannot handle outcome " + normalized
                    + " of step '" + step.name + "': " + e.getMessage());
        }

        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = c.version;
        change.completeStep = step.id;
        change.outcome = result;
        if (reaction != null) {
            if (reaction.close != null) {
                if (!reaction.close.isTerminal()) {
                    throw new IllegalStateException("Strategy " + strategy.name() + " closed a case with "
                            + reaction.close);
                }
                change.status = reaction.close;
                change.closedAt = now;
                change.cancelPlannedSteps = true;
            }
            if (reaction.noFurtherContact) {
                change.noFurtherContact = true;
                change.cancelPlannedSteps = true;
            } else if (reaction.close == null) {
                for (StepPlan plan : reaction.next) {
                    change.newSteps.add(step(plan, c, now));
                }
            }
        }
        return cases.apply(change, actor.name());
    }

    @Override
    public RecoveryCase close(UUID caseId, CaseStatus status, BigDecimal revenue, String notes, Actor actor) {
        FieldRules rules = new FieldRules();
        rules.present("status", status);
        if (status != null && !status.isTerminal()) {
            rules.problem("status", "must be one of WON_BACK, CLOSED_NEVER, CLOSED_CANNOT_PROVIDE, "
                    + "CLOSED_NO_RESPONSE (got " + status + ")");
        }
        if (status == CaseStatus.WON_BACK && revenue == null) {
            rules.problem("revenue", "is required to close a case as WON_BACK");
        }
        if (status != CaseStatus.WON_BACK && revenue != null) {
            rules.problem("revenue", "is only recorded for WON_BACK");
        }
        rules.amount("revenue", revenue);
        rules.text("notes", notes, false, MAX_NOTES);
        rules.throwIfAny();
        RecoveryCase c = visibleCase(caseId, actor);
        if (c.status.isTerminal()) {
            throw new ConflictException("Case " + caseId + " is already closed as " + c.status);
        }
        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = c.version;
        change.status = status;
        change.recoveredRevenue = revenue;
        change.closedAt = Instant.now(clock);
        change.cancelPlannedSteps = true;
        return cases.apply(change, actor.name());
    }

    private RecoveryCase checkCondition(RecoveryCase c, RecoveryStep step, String code, String notes, Actor actor,
            Instant now) {
        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = c.version;
        change.completeStep = step.id;
        change.outcome = outcome(code, notes, actor, now);
        change.conditionId = step.conditionId;
        change.conditionStatus = CONDITION_KEPT.equals(code) ? AgreementCondition.Status.KEPT
                : AgreementCondition.Status.BROKEN;
        return cases.apply(change, actor.name());
    }

    private static Outcome outcome(String code, String notes, Actor actor, Instant now) {
        Outcome result = new Outcome();
        result.code = code;
        result.notes = notes;
        result.recordedBy = actor.name();
        result.recordedAt = now;
        return result;
    }

    @Override
    public RecoveryCase recordWhy(UUID caseId, CaseWhy why, Actor actor) {
        FieldRules rules = new FieldRules();
        if (why == null) {
            rules.problem("body", "a why object is required");
            rules.throwIfAny();
        }
        CaseWhy w = new CaseWhy();
        w.statement = rules.text("statement", why.statement, true, 2000);
        w.lossReason = rules.text("lossReason", why.lossReason, true, 64);
        w.fixable = rules.present("fixable", why.fixable);
        w.alreadyFixed = why.alreadyFixed != null ? why.alreadyFixed : Boolean.FALSE;
        if (Boolean.TRUE.equals(w.alreadyFixed) && Boolean.FALSE.equals(w.fixable)) {
            rules.problem("alreadyFixed", "cannot be true when fixable is false");
        }
        rules.throwIfAny();
        if (lossReasons.find(w.lossReason).isEmpty()) {
            throw new UnknownReferenceException("lossReason",
                    "'" + w.lossReason + "' is not a loss reason; GET /api/v1/loss-reasons lists the codes");
        }
        RecoveryCase c = visibleCase(caseId, actor);
        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = c.version;
        change.newWhys.add(w);
        return cases.apply(change, actor.name());
    }

    @Override
    public RecoveryCase recordAgreement(UUID caseId, SecondChanceAgreement agreement, Actor actor) {
        FieldRules rules = new FieldRules();
        if (agreement == null) {
            rules.problem("body", "an agreement object is required");
            rules.throwIfAny();
        }
        Instant now = Instant.now(clock);
        SecondChanceAgreement a = new SecondChanceAgreement();
        a.customerSignatory = rules.text("customerSignatory", agreement.customerSignatory, true, 255);
        a.documentReference = rules.text("documentReference", agreement.documentReference, false, 2000);
        a.conditions = new ArrayList<>();
        if (agreement.conditions == null || agreement.conditions.isEmpty()) {
            rules.problem("conditions", "at least one condition is required: what each side agreed to, by when");
        } else {
            for (int i = 0; i < agreement.conditions.size(); i++) {
                AgreementCondition in = agreement.conditions.get(i);
                String at = "conditions[" + i + "].";
                if (in == null) {
                    rules.problem("conditions[" + i + "]", "must be an object");
                    continue;
                }
                AgreementCondition out = new AgreementCondition();
                out.id = UUID.randomUUID();
                out.party = rules.present(at + "party", in.party);
                out.condition = rules.text(at + "condition", in.condition, true, 2000);
                out.dueAt = rules.present(at + "dueAt", in.dueAt);
                if (out.dueAt != null && !out.dueAt.isAfter(now)) {
                    rules.problem(at + "dueAt", "must be in the future: it is when the condition is checked");
                }
                out.status = AgreementCondition.Status.PENDING;
                a.conditions.add(out);
            }
        }
        rules.throwIfAny();
        RecoveryCase c = visibleCase(caseId, actor);
        requireWorkable(c);
        if (c.agreement != null) {
            throw new ConflictException("Case " + caseId + " has a second-chance agreement already (agreed "
                    + c.agreement.agreedAt + ")");
        }
        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = c.version;
        change.agreement = a;
        for (AgreementCondition condition : a.conditions) {
            RecoveryStep check = new RecoveryStep();
            check.name = CHECK_CONDITION;
            check.type = dev.winback.api.dto.StepType.FOLLOW_UP;
            check.instructions = "Check the agreed condition (" + (condition.party == AgreementCondition.Party.US
                    ? "ours" : "theirs") + "): " + condition.condition;
            check.dueAt = condition.dueAt;
            check.assignee = c.ownerRep;
            check.status = StepStatus.PLANNED;
            check.allowedOutcomes = List.of(CONDITION_KEPT, CONDITION_BROKEN);
            // A broken promise to a customer who forgave us once is the manager's business at once.
            check.escalateWhenOverdue = true;
            check.conditionId = condition.id;
            change.newSteps.add(check);
        }
        return cases.apply(change, actor.name());
    }

    @Override
    public List<StrategyDescription> strategies() {
        return strategies.all().stream().map(s -> {
            StrategyDescription d = s.describe();
            d.name = s.name();
            return d;
        }).collect(Collectors.toList());
    }

    @Override
    public Optional<RecoveryCase> get(UUID id, Actor actor) {
        CustomerDirectory.requireUser(actor);
        Optional<RecoveryCase> found = cases.find(id);
        if (found.isPresent() && !actor.seesAllCases() && !actor.name().equals(found.get().ownerRep)) {
            throw new AccessDeniedException("A rep can see only their own cases");
        }
        return found;
    }

    @Override
    public Page<RecoveryCase> find(CaseQuery query, Actor actor) {
        CustomerDirectory.requireUser(actor);
        FieldRules rules = new FieldRules();
        Paging.check(rules, query.page, query.size);
        if (!actor.seesAllCases()) {
            if (query.ownerRep != null && !query.ownerRep.equals(actor.name())) {
                throw new AccessDeniedException("A rep can list only their own cases");
            }
            query.ownerRep = actor.name();
        }
        rules.throwIfAny();
        return cases.search(query);
    }

    private RecoveryCase visibleCase(UUID caseId, Actor actor) {
        return get(caseId, actor).orElseThrow(() -> new NotFoundException("No recovery case has id '" + caseId
                + "'"));
    }

    private void requireWorkable(RecoveryCase c) {
        if (c.status == CaseStatus.PAUSED) {
            throw new ConflictException("Case " + c.id + " is paused: its strategy '" + c.strategy
                    + "' is not installed; it resumes when the strategy's feature is installed again");
        }
        if (c.status.isTerminal()) {
            throw new ConflictException("Case " + c.id + " is closed as " + c.status);
        }
        if (c.noFurtherContact) {
            throw new ConflictException("The customer of case " + c.id + " must not be contacted again");
        }
    }

    private RecoveryStrategy strategyOf(RecoveryCase c) {
        if (c.strategy == null) {
            throw new ConflictException("Case " + c.id + " has no strategy; steps need one");
        }
        return strategies.get(c.strategy).orElseGet(() -> {
            strategies.pauseOrphans(c.strategy);
            throw new ConflictException("Case " + c.id + " is paused: its strategy '" + c.strategy
                    + "' is not installed");
        });
    }

    private RecoveryStep step(StepPlan plan, RecoveryCase c, Instant now) {
        RecoveryStep s = new RecoveryStep();
        s.name = plan.name;
        s.type = plan.type;
        s.instructions = plan.instructions;
        s.dueAt = plan.dueAt != null ? plan.dueAt : now.plus(plan.dueIn == null ? Duration.ZERO : plan.dueIn);
        s.assignee = plan.assignee == StepPlan.Assignee.OWNER_MANAGER ? managerOf(c.ownerRep) : c.ownerRep;
        s.status = StepStatus.PLANNED;
        s.allowedOutcomes = plan.outcomes == null ? List.of() : plan.outcomes.stream()
                .map(o -> o.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.toList());
        s.escalateWhenOverdue = plan.escalateWhenOverdue;
        return s;
    }

    /** Whom a rep's escalations go to: the configured manager, the default one, or the rep when there is none. */
    String managerOf(String rep) {
        String manager = managers.get(rep);
        if (manager != null) {
            return manager;
        }
        return defaultManager.isEmpty() ? rep : defaultManager;
    }
}
