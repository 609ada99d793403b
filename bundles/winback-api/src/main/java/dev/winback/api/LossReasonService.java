package dev.winback.api;

import dev.winback.api.dto.LossReason;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The admin-editable list of loss reasons. Anyone may read it; only admins change it.
 */
@ProviderType
public interface LossReasonService {

    /** All reasons, ordered by code. */
    List<LossReason> list();

    Optional<LossReason> get(String code);

    /** @throws ConflictException the code exists already */
    LossReason create(LossReason reason, Actor actor);

    /** Changes label, category and controllable; the code is the key and cannot change. */
    @Deprecated
    default LossReason update(String code, LossReason reason, Actor actor) {
        return update(code, reason, null, actor);
    }

    /**
     * Changes label, category and controllable; the code is the key and cannot change.
     *
     * @param expectedVersion the version the caller read (its ETag), or null for whatever version is current
     * @throws VersionMismatchException someone changed the reason since
     */
    LossReason update(String code, LossReason reason, Long expectedVersion, Actor actor);

    /** @throws ConflictException a recovery case still names this reason */
    void delete(String code, Actor actor);
}
