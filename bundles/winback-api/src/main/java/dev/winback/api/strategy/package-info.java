/**
 * The recovery-strategy SPI. A strategy is its own bundle and Karaf feature: it registers a
 * {@link dev.winback.api.strategy.RecoveryStrategy} service, says which cases it suits and which steps it plans,
 * and reacts to each step's outcome. It never touches storage or HTTP: the case engine persists every step and
 * outcome, so uninstalling a strategy loses nothing — its cases wait in {@code PAUSED} until it is back.
 */
@Export
@Version("1.1.0")
package dev.winback.api.strategy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
