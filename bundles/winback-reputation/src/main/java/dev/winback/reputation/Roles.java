package dev.winback.reputation;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;

/** Who may do what with reputation data: every Winback user reads and records; managers and admins steer. */
public final class Roles {
    private Roles() {
    }

    /** {@code actor}, who must be a manager or an admin; {@code what} says what was refused. */
    public static Actor manager(Actor actor, String what) {
        if (actor == null || !actor.seesAllCases()) {
            throw new AccessDeniedException(what + " is for managers and admins (role winback-manager)");
        }
        return actor;
    }

    /** {@code actor}, who must hold a Winback role. */
    public static Actor user(Actor actor) {
        if (actor == null || !actor.isWinbackUser()) {
            throw new AccessDeniedException("Reputation data is for Winback users (roles winback-rep, "
                    + "winback-manager, winback-admin)");
        }
        return actor;
    }
}
