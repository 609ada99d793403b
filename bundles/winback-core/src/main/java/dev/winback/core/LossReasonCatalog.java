package dev.winback.core;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.LossReasonService;
import dev.winback.api.dto.LossReason;
import dev.winback.api.store.LossReasonStore;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The loss-reason list. The defaults (price, service failure, late delivery, wrong billing, competitor,
 * relationship, other) are seeded by the first schema migration, so every node sees the same list and an admin's
 * edits are never overwritten by a restart.
 */
@Component(service = LossReasonService.class)
public class LossReasonCatalog implements LossReasonService {
    static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final LossReasonStore store;

    @Activate
    public LossReasonCatalog(@Reference LossReasonStore store) {
        this.store = store;
    }

    @Override
    public List<LossReason> list() {
        return store.list();
    }

    @Override
    public Optional<LossReason> get(String code) {
        return code == null ? Optional.empty() : store.find(code);
    }

    @Override
    public LossReason create(LossReason reason, Actor actor) {
        requireAdmin(actor);
        return store.insert(validated(reason, null), actor.name());
    }

    @Override
    public LossReason update(String code, LossReason reason, Long expectedVersion, Actor actor) {
        requireAdmin(actor);
        return store.update(validated(reason, code), expectedVersion, actor.name());
    }

    @Override
    public void delete(String code, Actor actor) {
        requireAdmin(actor);
        store.delete(code, actor.name());
    }

    /** @param pathCode the code from the URL on update; the body may repeat it but not change it */
    private static LossReason validated(LossReason in, String pathCode) {
        FieldRules rules = new FieldRules();
        if (in == null) {
            rules.problem("body", "a loss reason object is required");
            rules.throwIfAny();
        }
        LossReason out = new LossReason();
        if (pathCode == null) {
            out.code = rules.matching("code", in.code, true, CODE,
                    "must be 1 to 64 lower-case letters, digits or dashes, starting with a letter or digit");
        } else {
            if (in.code != null && !in.code.strip().equals(pathCode)) {
                throw new InvalidInputException("code", "cannot be changed (the URL names '" + pathCode
                        + "', the body '" + in.code.strip() + "'); create a new reason instead");
            }
            out.code = pathCode;
        }
        out.label = rules.text("label", in.label, true, 200);
        out.category = rules.present("category", in.category);
        out.controllable = in.controllable;
        rules.throwIfAny();
        return out;
    }

    private static void requireAdmin(Actor actor) {
        if (actor == null || !actor.isAdmin()) {
            throw new AccessDeniedException("Only a winback-admin may change the loss-reason list");
        }
    }
}
