package dev.winback.core;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.ExistingCaseException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseCorrection;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.DueWindow;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.SecondChanceAgreement;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.WinBackEvidence;
import dev.winback.api.dto.WorkItem;
import dev.winback.api.store.CaseStore;
import dev.winback.api.store.CustomerStore;
import dev.winback.api.store.LossReasonStore;
import dev.winback.api.store.PurchaseStore;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import dev.winback.core.rules.PlanRules;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * {@link CaseChange}, so a crash can never leave a step completed without its follow-up scheduled. The rules a
 * decision must satisfy live in {@link PlanRules}, which the strategy test kit runs too.
 *
 * <p>A rep works only their own cases while managers and admins see all.
 */
// Also registered under its own (private) class for the overdue sweep, which needs the reporting lines.
@Component(service = {RecoveryCaseService.class, CaseEngine.class}, configurationPid = "dev.winback.core.engine")
@Designate(ocd = CaseEngine.Config.class)
public class CaseEngine implements RecoveryCaseService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CaseEngine.class);
    static final int MAX_NOTES = 10_000;
    static final String CHECK_CONDITION = RecoveryStrategy.CHECK_CONDITION;
    /** Clocks drift between the host CRM and us; a loss dated a few minutes ahead is not a mistake. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @ObjectClassDefinition(name = "Winback case engine",
            description = "How new recovery cases get their strategy and where manager steps go without a team")
    public @interface Config {
        @AttributeDefinition(name = "Strategy per loss kind",
                description = "LOSS_KIND=strategy pairs: the strategy a new case of that kind gets when the caller "
                        + "names none and that strategy is installed")
        String[] strategyForLossKind() default {"HOSTILE=code99", "LOST_DEAL=surprise24", "LAPSED=fivestep",
            "COMPLAINT=fivestep"};

        @AttributeDefinition(name = "Default manager",
                description = "Manager for reps in no team (teams: /api/v1/teams); empty keeps their manager steps "
                        + "and escalations with the rep")
        String defaultManager() default "";
    }

    private final CaseStore cases;
    private final CustomerStore customers;
    private final LossReasonStore lossReasons;
    private final PurchaseStore purchases;
    private final TeamDirectory teams;
    private final StrategyRegistry strategies;
    private final Clock clock;
    private volatile Map<LossKind, String> strategyForKind = Map.of();
    private volatile String defaultManager = "";

    @Activate
    public CaseEngine(@Reference CaseStore cases, @Reference CustomerStore customers,
            @Reference LossReasonStore lossReasons, @Reference PurchaseStore purchases,
            @Reference TeamDirectory teams, @Reference StrategyRegistry strategies, Config config) {
        this(cases, customers, lossReasons, purchases, teams, strategies, Clock.systemUTC());
        configure(config);
    }

    CaseEngine(CaseStore cases, CustomerStore customers, LossReasonStore lossReasons, PurchaseStore purchases,
            TeamDirectory teams, StrategyRegistry strategies, Clock clock) {
        this.cases = cases;
        this.customers = customers;
        this.lossReasons = lossReasons;
        this.purchases = purchases;
        this.teams = teams;
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
        Prepared p = prepare(draft, actor);
        if (p.parallel) {
            return cases.insert(p.recoveryCase, actor.name());
        }
        // The check and the insert are one transaction under the customer's row lock: two racing opens make one case.
        return cases.insertUnlessOpen(p.recoveryCase, actor.name()).orElseThrow(() -> existingCase(p.recoveryCase));
    }

    @Override
    public void check(RecoveryCase draft, Actor actor) {
        prepare(draft, actor, draft != null && draft.customerId == null);
    }

    private ExistingCaseException existingCase(RecoveryCase c) {
        UUID running = cases.runningCaseOf(c.customerId).orElse(null);
        return new ExistingCaseException("Customer " + c.customerId + " already has a running recovery case"
                + (running != null ? " (" + running + ")" : "") + "; work that one, or a manager opens a second "
                + "with \"parallel\": true", running);
    }

    @Override
    public Optional<RecoveryCase> openDetected(RecoveryCase draft, DetectionFinding finding, Actor actor) {
        CustomerDirectory.requireUser(actor);
        if (!actor.seesAllCases()) {
            // Detection opens cases across the whole base; a rep's view is only their own book.
            throw new AccessDeniedException("Only admins and managers open cases from detection");
        }
        RecoveryCase c = prepare(draft, actor).recoveryCase;
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

    private record Prepared(RecoveryCase recoveryCase, boolean parallel) {
    }

    /** Validates a draft and builds the case to insert, with its owner, strategy and first steps. */
    private Prepared prepare(RecoveryCase draft, Actor actor) {
        return prepare(draft, actor, false);
    }

    /**
     * @param customerToCome the draft's customer does not exist yet ({@link #check}): the checks that need it are
     *     made against a customer with nothing on record, as the new one will be
     */
    private Prepared prepare(RecoveryCase draft, Actor actor, boolean customerToCome) {
        CustomerDirectory.requireUser(actor);
        FieldRules rules = new FieldRules();
        if (draft == null) {
            rules.problem("body", "a case object is required");
            rules.throwIfAny();
        }
        RecoveryCase c = new RecoveryCase();
        c.customerId = customerToCome ? null : rules.present("customerId", draft.customerId);
        c.lossKind = rules.present("lossKind", draft.lossKind);
        c.lossReason = rules.text("lossReason", draft.lossReason, true, 64);
        c.lostAt = draft.lostAt;
        Instant now = now();
        if (c.lostAt != null && c.lostAt.isAfter(now.plus(CLOCK_SKEW))) {
            rules.problem("lostAt", "must not be in the future (got " + c.lostAt + ", now is " + now + ")");
        }
        c.ownerRep = rules.text("ownerRep", draft.ownerRep, false, CustomerDirectory.MAX_USER);
        c.notes = rules.text("notes", draft.notes, false, MAX_NOTES);
        String named = rules.text("strategy", draft.strategy, false, 64);
        boolean parallel = Boolean.TRUE.equals(draft.parallel);
        boolean force = Boolean.TRUE.equals(draft.force);
        rules.throwIfAny();
        if ((parallel || force) && !actor.seesAllCases()) {
            throw new AccessDeniedException((parallel ? "\"parallel\"" : "\"force\"") + " is a manager's call");
        }

        Customer customer = customerToCome ? new Customer() : customers.find(c.customerId).orElseThrow(
                () -> new UnknownReferenceException("customerId", "no customer has id " + c.customerId));
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
            c.ownerRep = customer.ownerRep != null ? customer.ownerRep : actor.name();
        } else {
            teams.requireWinbackUser("ownerRep", c.ownerRep);
        }
        c.status = CaseStatus.OPEN;
        c.openedBy = actor.name();
        c.createdAt = now;
        c.steps = new ArrayList<>();
        Optional<RecoveryStrategy> strategy;
        if (named != null) {
            RecoveryStrategy s = strategies.get(named).orElseThrow(() -> new UnknownReferenceException("strategy",
                    "'" + named + "' is not an installed strategy; GET /api/v1/strategies lists them"));
            if (!meantFor(s, c) && !force) {
                throw new UnprocessableException("strategy", "'" + named + "' is not meant for " + c.lossKind
                        + " cases; a manager may run it anyway with \"force\": true");
            }
            strategy = Optional.of(s);
        } else {
            strategy = choose(c);
        }
        if (customer.contactBlocked != null && strategy.map(this::contacts).orElse(true)) {
            throw new UnprocessableException("customerId", "customer " + customer.id + " asked not to be "
                    + "contacted (contact block since " + customer.contactBlocked.since + ": "
                    + customer.contactBlocked.reason + "); only a strategy that contacts nobody, such as pitstop, "
                    + "may run, until an admin lifts the block");
        }
        if (strategy.isPresent()) {
            c.strategy = strategy.get().name();
            String manager = managerOf(c.ownerRep);
            for (StepPlan plan : strategy.get().plan(c)) {
                requireValid(strategy.get(), plan);
                c.steps.add(PlanRules.toStep(plan, c.ownerRep, manager, now));
            }
        }
        return new Prepared(c, parallel);
    }

    /**
     * Whether a strategy someone names suits the case: it would choose it itself, or it lists the loss kind (a review
     * such as pitstop suits every kind but is never chosen automatically).
     */
    private static boolean meantFor(RecoveryStrategy s, RecoveryCase c) {
        if (s.appliesTo(c)) {
            return true;
        }
        StrategyDescription d = s.describe();
        return d != null && d.lossKinds != null && d.lossKinds.contains(c.lossKind);
    }

    private boolean contacts(RecoveryStrategy s) {
        StrategyDescription d = s.describe();
        return d == null || d.contactsCustomer;
    }

    private static void requireValid(RecoveryStrategy s, StepPlan plan) {
        List<String> problems = PlanRules.problems(plan);
        if (!problems.isEmpty()) {
            // The strategy's bug, not the caller's: refuse the decision rather than store a step nobody can do.
            throw new IllegalStateException("Strategy " + s.name() + " planned an invalid step: "
                    + String.join("; ", problems));
        }
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
        return completeStep(caseId, stepId, outcome, notes, null, actor);
    }

    @Override
    public RecoveryCase completeStep(UUID caseId, UUID stepId, String outcome, String notes, CaseClosure closure,
            Actor actor) {
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
        Instant now = now();
        Customer customer = customers.find(c.customerId).orElseThrow();
        String normalized = PlanRules.checkCompletion(c, step, code, text, now, customer.contactBlocked != null);
        Outcome result = PlanRules.outcome(normalized, text, actor.name(), now);

        CaseStatus closes = step.closes == null ? null : step.closes.get(normalized);
        if (closes != null) {
            // A decision step: the owner's choice ends the case, under the same rules as closing it by hand.
            // A copy: the caller's object is theirs, and the step's notes are the reason unless they gave one.
            CaseClosure asked = new CaseClosure();
            asked.status = closes;
            asked.revenue = closure != null ? closure.revenue : null;
            asked.currency = closure != null ? closure.currency : null;
            asked.managerConfirmed = closure != null && closure.managerConfirmed;
            asked.notes = closure != null && closure.notes != null ? closure.notes : text;
            CaseChange change = closing(c, customer, asked, actor, now, true);
            change.completeStep = step.id;
            change.outcome = result;
            return cases.apply(change, actor.name());
        }
        RecoveryStrategy strategy = strategyOf(c);
        String manager = managerOf(c.ownerRep);
        CaseChange change = PlanRules.afterOutcome(c, step, result, strategy, now,
                plan -> PlanRules.toStep(plan, c.ownerRep, manager, now),
                // Logged, since it may also be a strategy's bug in handling a broken condition.
                e -> LOG.warn("Strategy {} did not react to {} {} on case {}: {}", strategy.name(), step.name,
                        result.code, c.id, e.toString())).change();
        if (change.noFurtherContact) {
            change.contactBlock = block(c, strategy.name() + ": " + step.name + " " + normalized
                    + (text != null ? " (" + abbreviate(text) + ")" : ""), actor, now);
        }
        return cases.apply(change, actor.name());
    }

    @Override
    public RecoveryCase close(UUID caseId, CaseStatus status, BigDecimal revenue, String notes, Actor actor) {
        CaseClosure closure = new CaseClosure();
        closure.status = status;
        closure.revenue = revenue;
        closure.notes = notes;
        return close(caseId, closure, null, actor);
    }

    @Override
    public RecoveryCase close(UUID caseId, CaseClosure closure, Long expectedVersion, Actor actor) {
        if (closure == null) {
            throw new InvalidInputException("body", "a closure object is required");
        }
        RecoveryCase c = visibleCase(caseId, actor);
        if (c.status.isTerminal()) {
            throw new ConflictException("Case " + caseId + " is already closed as " + c.status);
        }
        if (expectedVersion != null && expectedVersion != c.version) {
            throw new VersionMismatchException("Recovery case " + caseId + " was changed by someone else (version "
                    + c.version + ", you had " + expectedVersion + ")", c.version);
        }
        Customer customer = customers.find(c.customerId).orElseThrow();
        CaseChange change = closing(c, customer, closure, actor, now(), PlanRules.atPlanEnd(c));
        try {
            return cases.apply(change, actor.name());
        } catch (VersionMismatchException raced) {
            if (expectedVersion != null) {
                throw raced;
            }
            // The caller named no version: to them this is another close (or a step) getting there first.
            RecoveryCase now = cases.find(caseId).orElseThrow();
            throw new ConflictException("Case " + caseId + " changed while it was being closed"
                    + (now.status.isTerminal() ? ": it is closed as " + now.status + " already"
                    : "; reload it and decide again"));
        }
    }

    /**
     * The change that closes a case, with the guard rails that decide who gets paid: WON_BACK needs revenue and
     * evidence; before the plan's end only a manager gives up, with a reason; CLOSED_CANNOT_PROVIDE blocks contact.
     */
    private CaseChange closing(RecoveryCase c, Customer customer, CaseClosure closure, Actor actor, Instant now,
            boolean atPlanEnd) {
        CaseStatus status = closure.status;
        FieldRules rules = new FieldRules();
        PlanRules.closureProblems(closure).forEach(p -> rules.problem(p.field(), p.message()));
        rules.amount("revenue", closure.revenue);
        String currency = rules.currency("currency", closure.currency, false);
        String notes = rules.text("notes", closure.notes, false, MAX_NOTES);
        rules.throwIfAny();

        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = c.version;
        change.status = status;
        change.closedAt = now;
        change.closedBy = actor.name();
        change.closeNotes = notes;
        change.cancelPlannedSteps = true;
        if (status == CaseStatus.WON_BACK) {
            change.recoveredRevenue = closure.revenue;
            change.evidence = evidence(c, closure, notes, actor, now);
            change.revenueCurrency = currency != null ? currency : customer.currency;
            if (change.revenueCurrency == null) {
                throw new InvalidInputException("currency", "is required: the customer has no currency on record");
            }
        } else if (!atPlanEnd) {
            if (!actor.seesAllCases()) {
                throw new AccessDeniedException("Closing as " + status + " before the plan's last step is a "
                        + "manager's call; work the planned steps, or ask your manager");
            }
            if (notes == null) {
                throw new InvalidInputException("notes", "give the reason for ending the case as " + status
                        + " before its plan's last step");
            }
        }
        if (status == CaseStatus.CLOSED_CANNOT_PROVIDE) {
            // They were told honestly we cannot provide it: coming back with offers would undo that.
            change.noFurtherContact = true;
            change.contactBlock = block(c, "closed as CLOSED_CANNOT_PROVIDE" + (notes != null ? " ("
                    + abbreviate(notes) + ")" : ""), actor, now);
        }
        return change;
    }

    /** A purchase on or after the day the case opened, else a manager's word with a note; nothing else pays. */
    private WinBackEvidence evidence(RecoveryCase c, CaseClosure closure, String notes, Actor actor, Instant now) {
        LocalDate opened = c.createdAt.atZone(ZoneOffset.UTC).toLocalDate();
        Optional<Purchase> purchase = purchases.firstOnOrAfter(c.customerId, opened);
        WinBackEvidence e = new WinBackEvidence();
        e.recordedAt = now;
        if (purchase.isPresent()) {
            e.kind = WinBackEvidence.Kind.PURCHASE;
            e.purchaseId = purchase.get().id;
            e.purchaseDate = purchase.get().date;
            e.purchaseAmount = purchase.get().amount;
            return e;
        }
        if (closure.managerConfirmed) {
            if (!actor.seesAllCases()) {
                throw new AccessDeniedException("Only a manager confirms a win-back without a purchase on record");
            }
            if (notes == null) {
                throw new UnprocessableException("notes", "a manager's confirmation needs a note saying how we "
                        + "know the customer is back");
            }
            e.kind = WinBackEvidence.Kind.MANAGER_CONFIRMATION;
            e.confirmedBy = actor.name();
            e.note = notes;
            return e;
        }
        throw new UnprocessableException("evidence", "WON_BACK needs evidence that the customer came back: a "
                + "purchase dated on or after " + opened + " (record it with POST /api/v1/customers/"
                + c.customerId + "/purchases or an import), or a manager's confirmation (\"managerConfirmed\": "
                + "true with notes)");
    }

    private static ContactBlock block(RecoveryCase c, String reason, Actor actor, Instant now) {
        ContactBlock b = new ContactBlock();
        b.since = now;
        b.reason = reason;
        b.setBy = actor.name();
        b.caseId = c.id;
        return b;
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }

    @Override
    public RecoveryCase correct(UUID caseId, CaseCorrection correction, long expectedVersion, Actor actor) {
        if (correction == null) {
            throw new InvalidInputException("body", "a patch object is required");
        }
        FieldRules rules = new FieldRules();
        String owner = rules.text("ownerRep", correction.ownerRep, false, CustomerDirectory.MAX_USER);
        String reason = rules.text("lossReason", correction.lossReason, false, 64);
        String notes = rules.text("notes", correction.notes, false, MAX_NOTES);
        rules.throwIfAny();
        RecoveryCase c = visibleCase(caseId, actor);
        if (expectedVersion != c.version) {
            throw new VersionMismatchException("Recovery case " + caseId + " was changed by someone else (version "
                    + c.version + ", you had " + expectedVersion + ")", c.version);
        }
        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = expectedVersion;
        if (owner != null && !owner.equals(c.ownerRep)) {
            if (!actor.seesAllCases()) {
                throw new AccessDeniedException("Only a manager or an admin gives a case to another owner");
            }
            teams.requireWinbackUser("ownerRep", owner);
            change.ownerRep = owner;
            change.reassignFrom = c.ownerRep;
        }
        if (reason != null && !reason.equals(c.lossReason)) {
            if (lossReasons.find(reason).isEmpty()) {
                throw new UnknownReferenceException("lossReason",
                        "'" + reason + "' is not a loss reason; GET /api/v1/loss-reasons lists the codes");
            }
            change.lossReason = reason;
        }
        if (correction.clearNotes) {
            change.clearNotes = c.notes != null;
        } else if (notes != null && !notes.equals(c.notes)) {
            change.notes = notes;
        }
        if (change.ownerRep == null && change.lossReason == null && change.notes == null && !change.clearNotes) {
            return c;
        }
        return cases.apply(change, actor.name());
    }

    @Override
    public Page<WorkItem> worklist(StepQuery query, Actor actor) {
        CustomerDirectory.requireUser(actor);
        FieldRules rules = new FieldRules();
        Paging.check(rules, query.page, query.size);
        rules.throwIfAny();
        if (query.assignee != null && !actor.seesAllCases() && !query.assignee.equals(actor.name())) {
            throw new AccessDeniedException("A rep sees only their own worklist");
        }
        if (!actor.seesAllCases()) {
            query.assignee = actor.name();
        }
        return cases.worklist(query, dueBefore(query.due));
    }

    private Instant dueBefore(DueWindow window) {
        if (window == null) {
            return null;
        }
        Instant now = now();
        switch (window) {
            case OVERDUE:
                return now;
            case TODAY:
                return now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case WEEK:
                return now.plus(7, ChronoUnit.DAYS);
            default:
                throw new IllegalArgumentException("due window " + window);
        }
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
        Instant now = now();
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
            change.newSteps.add(PlanRules.conditionCheck(condition, c.ownerRep));
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
        // Another rep's case answers as if it did not exist: a 403 would confirm the id to someone guessing.
        if (found.isPresent() && !actor.seesAllCases() && !actor.name().equals(found.get().ownerRep)) {
            return Optional.empty();
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

    private Instant now() {
        // What the database keeps, so that what a strategy saw equals what is read back.
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /** The manager of reps in no team, or null when there is none. */
    String defaultManager() {
        return defaultManager.isEmpty() ? null : defaultManager;
    }

    /** Whom a rep's manager steps and escalations go to: their team's manager, the default one, or the rep. */
    String managerOf(String rep) {
        Optional<String> manager = teams.managerOf(rep);
        if (manager.isPresent()) {
            return manager.get();
        }
        return defaultManager.isEmpty() ? rep : defaultManager;
    }
}
