/**
 * The durable event log: every change to customers, cases, steps, whys, agreements and contact blocks, every
 * finished import and every detection finding is written as a {@link dev.winback.api.event.WinbackEvent} in the
 * same transaction as the change, so the log never disagrees with the data. {@link dev.winback.api.event.EventTypes}
 * lists the types and what their payloads hold; a payload is the entity after the change, as the REST API shows it.
 * Types and payloads only ever gain members within a major version of this package.
 */
@Export
@Version("1.2.0")
package dev.winback.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
