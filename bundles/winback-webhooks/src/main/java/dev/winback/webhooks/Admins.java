package dev.winback.webhooks;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;

/** The one role check of the module: webhooks, in and out, are configured by admins alone. */
public final class Admins {
    private Admins() {
    }

    /** {@code actor}, who must hold winback-admin; {@code what} names the thing refused ("Webhook endpoints"). */
    public static Actor require(Actor actor, String what) {
        if (actor == null || !actor.isAdmin()) {
            throw new AccessDeniedException(what + " are managed by admins (role winback-admin)");
        }
        return actor;
    }
}
