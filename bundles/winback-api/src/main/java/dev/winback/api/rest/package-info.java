/**
 * The REST SPI: what a module's bundle needs to add its own resources to the Winback API (see
 * {@link dev.winback.api.rest.WinbackRest}). It depends on no JAX-RS classes, so the API bundle resolves without a
 * REST stack.
 */
@Export
@Version("1.1.0")
package dev.winback.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
