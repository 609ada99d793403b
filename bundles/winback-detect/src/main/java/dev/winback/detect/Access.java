package dev.winback.detect;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;

/**
 * Who may do what in detection: imports and detection runs reach across the whole customer base, so they are for
 * admins and managers; reading one customer's score is for every Winback user.
 */
public final class Access {
    private Access() {
    }

    /** @param what what the actor tries, e.g. {@code "import purchases"} */
    public static void requireAdminOrManager(Actor actor, String what) {
        if (actor == null || !(actor.isAdmin() || actor.roles().contains(Actor.ROLE_MANAGER))) {
            throw new AccessDeniedException("Only admins and managers " + what + " (roles " + Actor.ROLE_ADMIN
                    + ", " + Actor.ROLE_MANAGER + ")");
        }
    }

    public static void requireUser(Actor actor) {
        if (actor == null || !actor.isWinbackUser()) {
            throw new AccessDeniedException(
                    "This needs one of the roles winback-admin, winback-manager or winback-rep");
        }
    }
}
