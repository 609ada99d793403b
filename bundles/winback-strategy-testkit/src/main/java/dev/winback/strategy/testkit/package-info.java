/**
 * Test support for recovery-strategy authors: {@link dev.winback.strategy.testkit.SimulatedCase} runs a strategy
 * the way the case engine does, in memory and on a clock the test controls, and
 * {@link dev.winback.strategy.testkit.Contract} checks each planned step against what the engine and its database
 * accept. Use it with {@code <scope>test</scope>}: it asserts with JUnit and has no place in a running system.
 */
package dev.winback.strategy.testkit;
