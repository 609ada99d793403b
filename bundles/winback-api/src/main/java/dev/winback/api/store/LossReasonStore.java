package dev.winback.api.store;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.dto.LossReason;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of the loss-reason list. */
@ProviderType
public interface LossReasonStore {

    /** Ordered by code. */
    List<LossReason> list();

    Optional<LossReason> find(String code);

    /** @throws ConflictException the code exists */
    LossReason insert(LossReason reason, String actor);

    /** @throws NotFoundException no reason has {@code reason.code} */
    @Deprecated
    default LossReason update(LossReason reason, String actor) {
        return update(reason, null, actor);
    }

    /**
     * @param expectedVersion the version the caller read, or null to change whatever version is current
     * @throws NotFoundException no reason has {@code reason.code}
     * @throws VersionMismatchException the reason's version is not {@code expectedVersion}
     */
    LossReason update(LossReason reason, Long expectedVersion, String actor);

    /**
     * @throws NotFoundException no such code
     * @throws ConflictException a case still refers to it
     */
    void delete(String code, String actor);
}
