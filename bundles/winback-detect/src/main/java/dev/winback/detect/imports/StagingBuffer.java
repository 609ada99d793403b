package dev.winback.detect.imports;

import dev.winback.api.store.PurchaseStore;
import dev.winback.api.store.StagedPurchase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hands the purchases an import reads to the store's staging area a batch at a time: one round trip per batch
 * rather than per row, and memory bounded by the batch rather than the file.
 */
final class StagingBuffer implements Consumer<PurchaseRow> {
    private final PurchaseStore purchases;
    private final UUID importId;
    private final int batchSize;
    private final String fallbackSource;
    private List<StagedPurchase> batch;

    /**
     * @param fallbackSource the source of rows that name none (the plan's format gives every row one; this only
     *                       guards against a format built elsewhere)
     */
    StagingBuffer(PurchaseStore purchases, UUID importId, int batchSize, String fallbackSource) {
        this.purchases = purchases;
        this.importId = importId;
        this.batchSize = batchSize;
        this.fallbackSource = fallbackSource;
        this.batch = new ArrayList<>(batchSize);
    }

    @Override
    public void accept(PurchaseRow row) {
        String source = row.source() != null ? row.source() : fallbackSource;
        batch.add(new StagedPurchase(row.lineNumber(), source, row.externalId(), row.date(), row.amount(),
                row.fingerprint()));
        if (batch.size() >= batchSize) {
            flush();
        }
    }

    /** Stages what is still buffered. */
    void flush() {
        if (!batch.isEmpty()) {
            purchases.stage(importId, batch);
            // A fresh list: the store may keep a reference to the one it was given.
            batch = new ArrayList<>(batchSize);
        }
    }
}
