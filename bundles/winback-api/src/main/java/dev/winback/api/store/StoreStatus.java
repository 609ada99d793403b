package dev.winback.api.store;

import org.osgi.annotation.versioning.ProviderType;

/** What the health endpoint reports about storage. */
@ProviderType
public interface StoreStatus {

    /** Product name as users know it: {@code H2} or {@code PostgreSQL}. */
    String databaseProduct();

    /** The schema migration version the database is at. */
    int schemaVersion();

    /** True when a connection can be taken and answers a trivial query. */
    boolean isReachable();
}
