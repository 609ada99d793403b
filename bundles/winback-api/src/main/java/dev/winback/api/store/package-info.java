/**
 * Storage SPI. A store bundle (today {@code winback-store-jdbc}) provides these services; {@code winback-core}
 * consumes them. Every mutating method writes its audit entry in the same transaction as the change, so the
 * trail can never disagree with the data.
 */
@Export
@Version("1.8.0")
package dev.winback.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
