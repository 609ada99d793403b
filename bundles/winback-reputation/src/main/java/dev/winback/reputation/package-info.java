/** Reputation recovery tracking: shared settings, bands and roles of the module's areas. */
package dev.winback.reputation;
