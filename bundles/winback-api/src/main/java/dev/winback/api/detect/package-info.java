/**
 * Finding the lost: importing purchase history, scoring customers with RFM and the BG/NBD model, and detection runs
 * that open LAPSED recovery cases. {@code winback-detect} provides these services; the REST and shell bundles and
 * host adapters consume them. Plain-data classes here follow the {@code dto} package's rules (public fields, adding
 * one is a minor change).
 */
@Export
@Version("1.2.0")
package dev.winback.api.detect;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
