package dev.winback.api.store;

/**
 * What publishing an import's staging area changed.
 *
 * @param purchasesAdded   purchases now stored
 * @param duplicates       staged purchases that were stored already (or twice in the staging area)
 * @param customersCreated customers created because their (source, externalId) was unknown
 */
public record PublishedImport(long purchasesAdded, long duplicates, long customersCreated) {
}
