package dev.winback.strategy.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.core.rules.PlanRules;
import dev.winback.strategy.testkit.SimulatedCase.Choice;
import dev.winback.strategy.testkit.SimulatedCase.Timing;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The contract every strategy owes the engine as a whole plan: <b>every path ends</b>. A case never sits open with
 * nothing to do, never runs forever without a way out, and never trips one of the engine's rules on the way.
 *
 * <p>Call it from one test per strategy:
 *
 * <pre>{@code
 * @Test
 * void everyPathEnds() {
 *     PlanContract.assertEveryPathEnds(() -> new SimulatedCase(strategy, LossKind.COMPLAINT));
 * }
 * }</pre>
 *
 * <p>It walks every path: from the case the supplier opens, every allowed outcome of every planned step, then every
 * allowed outcome of whatever is planned next, and so on, with the engine's own rules ({@link SimulatedCase}).
 * Each step is completed on its due time (or as early as its {@code notBefore} allows, see {@link Walk#timing}),
 * never before its {@code notBefore}. When a step requires a why, the agreement or notes, the walk supplies them
 * first, so the path can be walked: a required agreement brings the engine's
 * {@value RecoveryStrategy#CHECK_CONDITION} steps (one per condition, {@link Walk#agreementChecks}), and those are
 * walked like any step, KEPT and BROKEN, in every order relative to the strategy's own steps. Decision steps are
 * walked too: their outcomes close the case, as in the engine.
 *
 * <p>It fails, with the path that shows it, on:
 * <ul>
 * <li><b>a dead end</b>: a completion after which the case is open with nothing planned
 * ({@link PlanRules#isDeadEnd}); end such a path with a terminal status or a
 * {@link dev.winback.api.strategy.StepPlan#decision decision step};</li>
 * <li><b>an endless loop</b>: a path still open after {@link Walk#maxCompletions} completions (60 unless set), or a
 * path that comes back to a state it has been in;</li>
 * <li><b>a broken rule</b>: a planned step or a reaction the engine refuses ({@link PlanRules#problems}), a strategy
 * that throws on an outcome the step allows, or a required record the walk could not supply.</li>
 * </ul>
 *
 * <h2>States</h2>
 * Many paths lead to the same state (seven questions answered in any order), so the walk visits each state once. Two
 * states are the same when their {@link Walk#signature signatures} are equal. The default,
 * {@link #canonicalSignature}, is the case's status, contact flag, whys and agreement, the done steps with their
 * outcomes <em>as a multiset</em> (in any order) and the planned step names: it suits a strategy that decides from
 * what was done and how often. A strategy that decides from the <em>order</em> or the <em>times</em> of its steps
 * (the last few answers in a row, dates) must pass a signature that holds what it decides from; the walk then sees
 * one representative path per state (the shortest), so a signature that leaves out something the strategy uses
 * can hide a path. A signature that forgets nothing is always safe; it is only slower.
 *
 * <h2>Loops by design</h2>
 * A plan that may run forever on purpose (a nurture that keeps writing to a customer who keeps answering) cannot
 * end within any bound. Such a strategy declares {@link Walk#openEnded(int) openEnded(exitWithin)} and gives a
 * signature under which its states repeat (what it decides from, not how many times it has looped). The contract
 * then asks for something weaker but still honest: from <em>every</em> state the walk reaches, some path closes the
 * case within {@code exitWithin} completions (the customer can always say stop, the rep can always decide). Loops
 * and paths longer than {@code maxCompletions} are then allowed; a state with no way out within that many
 * completions fails the test. Do not declare it to silence a loop that should end: bound the loop in the strategy
 * (e.g. a decision step after the third delay) and keep the default.
 */
public final class PlanContract {
    /** The agreement the walk records when a step requires one: one condition checked in 30 days, one in 60. */
    static final Duration[] DEFAULT_AGREEMENT_CHECKS = {Duration.ofDays(30), Duration.ofDays(60)};

    private PlanContract() {
    }

    /** A walk with the defaults: 60 completions, the canonical signature, every step completed when due. */
    public static Walk walk() {
        return new Walk();
    }

    /** Walks every path from the case {@code start} opens, with the defaults; see the class comment. */
    public static Report assertEveryPathEnds(Supplier<SimulatedCase> start) {
        return assertEveryPathEnds(start, walk());
    }

    /** Walks every path from the case {@code start} opens, as {@code walk} says; see the class comment. */
    public static Report assertEveryPathEnds(Supplier<SimulatedCase> start, Walk walk) {
        return new Walker(start, walk).run();
    }

    /**
     * The default state signature: status, contact flag, whether whys and an agreement are recorded (with the
     * conditions' statuses), the multiset of done steps with their outcomes, and the multiset of planned step names.
     */
    public static Object canonicalSignature(SimulatedCase state) {
        RecoveryCase c = state.recoveryCase;
        List<String> done = new ArrayList<>();
        List<String> planned = new ArrayList<>();
        for (RecoveryStep s : c.steps) {
            if (s.status == StepStatus.DONE) {
                done.add(s.name + "=" + (s.outcome == null ? null : s.outcome.code));
            } else if (s.status == StepStatus.PLANNED) {
                planned.add(s.name);
            }
        }
        Collections.sort(done);
        Collections.sort(planned);
        List<String> conditions = new ArrayList<>();
        if (c.agreement != null && c.agreement.conditions != null) {
            for (AgreementCondition condition : c.agreement.conditions) {
                conditions.add(String.valueOf(condition.status));
            }
            Collections.sort(conditions);
        }
        return List.of(String.valueOf(c.status), c.noFurtherContact, c.whys != null && !c.whys.isEmpty(),
                c.agreement != null, conditions, done, planned);
    }

    /** How to walk a plan. Start from {@link PlanContract#walk()}. */
    public static final class Walk {
        int maxCompletions = 60;
        Function<SimulatedCase, ?> signature = PlanContract::canonicalSignature;
        int exitWithin = -1;
        Timing timing = Timing.WHEN_DUE;
        Duration[] agreementChecks = DEFAULT_AGREEMENT_CHECKS;
        BiConsumer<SimulatedCase, List<Choice>> eachState = (s, p) -> { };
        int maxStates = 200_000;

        Walk() {
        }

        /**
         * The longest path walked. Without {@link #openEnded}, every path must end within it; raise it for a long
         * plan (the failure says when it was reached), never to hide a loop.
         */
        public Walk maxCompletions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxCompletions must be at least 1");
            }
            maxCompletions = n;
            return this;
        }

        /** What makes two states the same; see "States" in {@link PlanContract}. */
        public Walk signature(Function<SimulatedCase, ?> signature) {
            this.signature = Objects.requireNonNull(signature);
            return this;
        }

        /**
         * The plan loops by design: instead of "every path ends", check that from every state reached some path
         * closes the case within {@code exitWithin} completions. See "Loops by design" in {@link PlanContract}.
         */
        public Walk openEnded(int exitWithin) {
            if (exitWithin < 1) {
                throw new IllegalArgumentException("exitWithin must be at least 1");
            }
            this.exitWithin = exitWithin;
            return this;
        }

        /** When each step is completed: on its due time (the default) or as early as its notBefore allows. */
        public Walk timing(Timing timing) {
            this.timing = Objects.requireNonNull(timing);
            return this;
        }

        /** The conditions of the agreement the walk records when a step requires one, each checked this long after. */
        public Walk agreementChecks(Duration... checksIn) {
            if (checksIn.length == 0) {
                throw new IllegalArgumentException("an agreement has at least one condition");
            }
            this.agreementChecks = checksIn.clone();
            return this;
        }

        /** Also runs {@code check} on every state reached, with the path that reached it first (your invariants). */
        public Walk eachState(BiConsumer<SimulatedCase, List<Choice>> check) {
            this.eachState = Objects.requireNonNull(check);
            return this;
        }

        /** Fails rather than walk more distinct states than this (200,000 unless set). */
        public Walk maxStates(int n) {
            this.maxStates = n;
            return this;
        }
    }

    /** What a walk found, for tests that want to say more than "every path ends". */
    public static final class Report {
        /** Distinct states reached (by signature), and the completions tried to reach them. */
        public final int states;
        public final int completions;
        /** The longest shortest-path to a state, in completions. */
        public final int depth;
        /** Each completion that closed a case, as {@code step/OUTCOME}, with the statuses it closed with. */
        public final Map<String, Set<CaseStatus>> closingChoices;
        /** For each terminal status reached, a shortest path to it. */
        public final Map<CaseStatus, List<Choice>> pathTo;
        /** The names of the decision steps (steps with outcomes that close the case) ever planned. */
        public final Set<String> decisionSteps;

        Report(int states, int completions, int depth, Map<String, Set<CaseStatus>> closingChoices,
                Map<CaseStatus, List<Choice>> pathTo, Set<String> decisionSteps) {
            this.states = states;
            this.completions = completions;
            this.depth = depth;
            this.closingChoices = Collections.unmodifiableMap(closingChoices);
            this.pathTo = Collections.unmodifiableMap(pathTo);
            this.decisionSteps = Collections.unmodifiableSet(decisionSteps);
        }

        /** The terminal statuses some path reaches. */
        public Set<CaseStatus> statuses() {
            return pathTo.keySet();
        }

        @Override
        public String toString() {
            return states + " states, " + completions + " completions, depth " + depth + ", ends " + closingChoices
                    + ", decision steps " + decisionSteps;
        }
    }

    /** One distinct state of the walk. */
    private static final class Node {
        final Object signature;
        final List<Choice> path;
        final boolean terminal;
        final List<Node> next = new ArrayList<>();
        /** The choice behind each of {@link #next}. */
        final List<Choice> via = new ArrayList<>();
        SimulatedCase state;

        Node(Object signature, List<Choice> path, SimulatedCase state) {
            this.signature = signature;
            this.path = path;
            this.state = state;
            this.terminal = state.recoveryCase.status.isTerminal();
        }

        int depth() {
            return path.size();
        }
    }

    private static final class Walker {
        private final Supplier<SimulatedCase> start;
        private final Walk walk;
        /** In the order the walk found them, so the search for loops starts where the case opens. */
        private final Map<Object, Node> nodes = new LinkedHashMap<>();
        private final Map<String, Set<CaseStatus>> closingChoices = new TreeMap<>();
        private final Map<CaseStatus, List<Choice>> pathTo = new EnumMap<>(CaseStatus.class);
        private final Set<String> decisionSteps = new TreeSet<>();
        private final List<Node> frontier = new ArrayList<>();
        private int completions;
        private int depth;

        Walker(Supplier<SimulatedCase> start, Walk walk) {
            this.start = start;
            this.walk = walk;
        }

        Report run() {
            SimulatedCase first;
            try {
                first = start.get();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("The case could not be opened: " + e.getMessage(), e);
            }
            Node root = node(walk.signature.apply(first), first, List.of());
            Deque<Node> queue = new ArrayDeque<>();
            queue.add(root);
            while (!queue.isEmpty()) {
                Node n = queue.poll();
                SimulatedCase state = n.state;
                depth = Math.max(depth, n.depth());
                runChecks(n, state);
                if (n.terminal) {
                    n.state = null;
                    continue;
                }
                if (n.depth() >= walk.maxCompletions) {
                    frontier.add(n);
                    n.state = null;
                    continue;
                }
                for (Choice choice : state.choices()) {
                    SimulatedCase next = state.fork();
                    List<Choice> path = append(n.path, choice);
                    completions++;
                    try {
                        next.take(choice, walk.timing, walk.agreementChecks);
                    } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError("Broken rule on the path " + show(path) + ": " + e.getMessage(), e);
                    }
                    if (next.deadEnds().size() > state.deadEnds().size()) {
                        fail("Dead end: after " + show(path) + " the case is " + next.recoveryCase.status
                                + " with nothing planned (the engine would plan its own '"
                                + PlanRules.ENGINE_DECISION + "'). End the path with a terminal status or a decision "
                                + "step (StepPlan.decision).");
                    }
                    if (next.recoveryCase.status.isTerminal()) {
                        closingChoices.computeIfAbsent(choice.toString(), k -> new TreeSet<>())
                                .add(next.recoveryCase.status);
                        pathTo.putIfAbsent(next.recoveryCase.status, path);
                    }
                    Object sig = walk.signature.apply(next);
                    Node child = nodes.get(sig);
                    if (child == null) {
                        if (nodes.size() >= walk.maxStates) {
                            fail("More than " + walk.maxStates + " distinct states: give the walk a signature that "
                                    + "merges equivalent states, or fewer maxCompletions (" + walk.maxCompletions
                                    + ")");
                        }
                        child = node(sig, next, path);
                        queue.add(child);
                    }
                    n.next.add(child);
                    n.via.add(choice);
                }
                // Keep the state only while it is needed: its children have their own copies.
                n.state = null;
            }
            if (walk.exitWithin < 0) {
                requireEveryPathToEnd();
            } else {
                requireAWayOut();
            }
            return new Report(nodes.size(), completions, depth, closingChoices, pathTo, decisionSteps);
        }

        private Node node(Object signature, SimulatedCase state, List<Choice> path) {
            Node n = new Node(signature, path, state);
            nodes.put(n.signature, n);
            return n;
        }

        private void runChecks(Node n, SimulatedCase state) {
            for (RecoveryStep s : state.planned()) {
                if (s.closes != null && !s.closes.isEmpty()) {
                    decisionSteps.add(s.name);
                }
            }
            if (PlanRules.isDeadEnd(state.recoveryCase)) {
                fail("Dead end: after " + show(n.path) + " the case is open with nothing planned");
            }
            try {
                walk.eachState.accept(state, n.path);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("On the path " + show(n.path) + ": " + e.getMessage(), e);
            }
        }

        private void requireEveryPathToEnd() {
            if (!frontier.isEmpty()) {
                Node n = frontier.get(0);
                fail("Endless loop? A path is still open after " + walk.maxCompletions + " completions: "
                        + show(n.path) + " (planned: " + plannedOf(n) + "). Bound the loop in the strategy, raise "
                        + "maxCompletions if the plan really is that long, or declare openEnded(exitWithin) if it "
                        + "loops by design.");
            }
            List<Choice> loop = new ArrayList<>();
            Node entry = findCycle(loop);
            if (entry != null) {
                fail("Endless loop: the walk comes back to the same state. Reached by " + show(entry.path)
                        + ", then round and round by " + show(loop) + ". Bound the loop, or declare "
                        + "openEnded(exitWithin) if it loops by design.");
            }
        }

        private void requireAWayOut() {
            // Distance of each state to a closed case over the walked edges, by a breadth-first search backwards.
            Map<Node, List<Node>> previous = new HashMap<>();
            for (Node n : nodes.values()) {
                for (Node m : n.next) {
                    previous.computeIfAbsent(m, k -> new ArrayList<>()).add(n);
                }
            }
            Map<Node, Integer> distance = new HashMap<>();
            Deque<Node> queue = new ArrayDeque<>();
            for (Node n : nodes.values()) {
                if (n.terminal) {
                    distance.put(n, 0);
                    queue.add(n);
                }
            }
            while (!queue.isEmpty()) {
                Node n = queue.poll();
                for (Node p : previous.getOrDefault(n, List.of())) {
                    if (!distance.containsKey(p)) {
                        distance.put(p, distance.get(n) + 1);
                        queue.add(p);
                    }
                }
            }
            // Only states whose every path of exitWithin completions was walked can be judged.
            nodes.values().stream().filter(n -> !n.terminal && n.depth() + walk.exitWithin <= walk.maxCompletions)
                    .filter(n -> distance.getOrDefault(n, Integer.MAX_VALUE) > walk.exitWithin)
                    .min((a, b) -> Integer.compare(a.depth(), b.depth()))
                    .ifPresent(n -> fail("No way out: after " + show(n.path) + " no path closes the case within "
                            + walk.exitWithin + (walk.exitWithin == 1 ? " completion" : " completions")
                            + (distance.containsKey(n) ? " (the nearest takes "
                            + distance.get(n) + ")" : " (none was found at all)")));
        }

        /** A cycle among the walked states: returns the state it starts from and fills in the choices round it. */
        private Node findCycle(List<Choice> loop) {
            Map<Node, Integer> colour = new HashMap<>();
            for (Node root : nodes.values()) {
                if (colour.containsKey(root)) {
                    continue;
                }
                // Iterative depth-first search: 1 = on the current path, 2 = finished.
                Deque<Node> stack = new ArrayDeque<>();
                Deque<Integer> index = new ArrayDeque<>();
                List<Node> onPath = new ArrayList<>();
                stack.push(root);
                index.push(0);
                colour.put(root, 1);
                onPath.add(root);
                while (!stack.isEmpty()) {
                    Node n = stack.peek();
                    int i = index.pop();
                    if (i < n.next.size()) {
                        index.push(i + 1);
                        Node m = n.next.get(i);
                        Integer c = colour.get(m);
                        if (c == null) {
                            colour.put(m, 1);
                            stack.push(m);
                            index.push(0);
                            onPath.add(m);
                        } else if (c == 1) {
                            // The stack holds, for each state on the path, the index of its next edge to try.
                            List<Node> nodesOnPath = onPath.subList(onPath.indexOf(m), onPath.size());
                            List<Integer> edges = new ArrayList<>(index);
                            Collections.reverse(edges);
                            int offset = onPath.size() - nodesOnPath.size();
                            for (int k = 0; k < nodesOnPath.size(); k++) {
                                Node at = nodesOnPath.get(k);
                                loop.add(at.via.get(edges.get(offset + k) - 1));
                            }
                            return m;
                        }
                    } else {
                        colour.put(n, 2);
                        stack.pop();
                        onPath.remove(onPath.size() - 1);
                    }
                }
            }
            return null;
        }

        private String plannedOf(Node n) {
            SimulatedCase replayed = start.get();
            for (Choice c : n.path) {
                replayed.take(c, walk.timing, walk.agreementChecks);
            }
            return String.valueOf(replayed.plannedNames());
        }

        private static List<Choice> append(List<Choice> path, Choice choice) {
            List<Choice> p = new ArrayList<>(path.size() + 1);
            p.addAll(path);
            p.add(choice);
            return p;
        }
    }

    static String show(List<Choice> path) {
        return path.isEmpty() ? "opening the case"
                : path.stream().map(Choice::toString).collect(Collectors.joining(" -> "));
    }
}
