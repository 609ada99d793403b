/**
 * Test support for recovery-strategy authors, running the case engine's own rules
 * ({@code dev.winback.core.rules.PlanRules}) rather than a copy of them:
 * <ul>
 * <li>{@link dev.winback.strategy.testkit.SimulatedCase} runs a strategy the way the case engine does, in memory and
 * on a clock the test controls: steps are scheduled, completed (never before their {@code notBefore}, never without
 * the records they require), decided and closed exactly as in the engine;</li>
 * <li>{@link dev.winback.strategy.testkit.Contract} checks a single planned step or reaction against what the engine
 * and its database accept;</li>
 * <li>{@link dev.winback.strategy.testkit.PlanContract} checks a whole plan: it walks every path over every allowed
 * outcome and fails on a dead end, an endless loop or a broken rule. Every strategy should have a test that calls
 * {@code PlanContract.assertEveryPathEnds(() -> new SimulatedCase(strategy, kind))}.</li>
 * </ul>
 * Use it with {@code <scope>test</scope>}: it asserts with JUnit and has no place in a running system.
 */
package dev.winback.strategy.testkit;
