package dev.winback.api.store;

import dev.winback.api.dto.AuditEntry;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Reads the audit trail the stores write alongside every change. */
@ProviderType
public interface AuditTrail {

    /** Entries for one entity, oldest first. */
    List<AuditEntry> forEntity(String entityType, String entityId);
}
