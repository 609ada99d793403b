package dev.winback.detect;

import dev.winback.api.store.PublishedImport;
import dev.winback.api.store.PurchaseHistory;
import dev.winback.api.store.PurchaseStore;
import dev.winback.api.store.StagedPurchase;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Test helper: the real store, with single methods overridden to fail or wait. */
public class DelegatingPurchases implements PurchaseStore {
    private final PurchaseStore store;

    public DelegatingPurchases(PurchaseStore store) {
        this.store = store;
    }

    @Override
    public void stage(UUID importId, List<StagedPurchase> batch) {
        store.stage(importId, batch);
    }

    @Override
    public PublishedImport publish(UUID importId, String actor) {
        return store.publish(importId, actor);
    }

    @Override
    public dev.winback.api.dto.Purchase record(dev.winback.api.dto.Purchase purchase, String fingerprint,
            String actor) {
        return store.record(purchase, fingerprint, actor);
    }

    @Override
    public Optional<dev.winback.api.dto.Purchase> firstOnOrAfter(UUID customerId, LocalDate from) {
        return store.firstOnOrAfter(customerId, from);
    }

    @Override
    public dev.winback.api.dto.Page<dev.winback.api.dto.Purchase> purchases(UUID customerId, int page, int size) {
        return store.purchases(customerId, page, size);
    }

    @Override
    public long discard(UUID importId) {
        return store.discard(importId);
    }

    @Override
    public long discardAllExcept(List<UUID> keep) {
        return store.discardAllExcept(keep);
    }

    @Override
    public void histories(LocalDate until, Consumer<PurchaseHistory> sink) {
        store.histories(until, sink);
    }

    @Override
    public Optional<PurchaseHistory> history(UUID customerId, LocalDate until) {
        return store.history(customerId, until);
    }

    @Override
    public long count(UUID customerId) {
        return store.count(customerId);
    }
}
