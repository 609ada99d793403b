/**
 * The recovery domain as plain data: public fields, no behaviour, so that JSON, JDBC and shell layers can all map
 * them without reflection tricks, and so that adding a field is a compatible (minor) change.
 */
@Export
@Version("1.3.0")
package dev.winback.api.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
