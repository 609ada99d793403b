/**
 * Winback services: what the REST layer, the shell and host adapters call to work with customers, loss reasons
 * and recovery cases. Implemented by {@code winback-core}; callers never talk to storage directly.
 */
@Export
@Version("1.6.0")
package dev.winback.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
