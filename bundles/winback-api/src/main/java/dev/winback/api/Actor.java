package dev.winback.api;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking: the authenticated user and the Winback roles they hold. Services decide visibility from it
 * (a rep sees only their own cases) so that every entry point — REST, shell, host adapters — applies the same rules.
 */
public final class Actor {
    public static final String ROLE_ADMIN = "winback-admin";
    public static final String ROLE_MANAGER = "winback-manager";
    public static final String ROLE_REP = "winback-rep";

    /** The actor for work Winback does on its own behalf (migrations, schedulers, imports). */
    public static final Actor SYSTEM = new Actor("system", Set.of(ROLE_ADMIN));

    private final String name;
    private final Set<String> roles;

    public Actor(String name, Set<String> roles) {
        this.name = Objects.requireNonNull(name, "name");
        this.roles = Set.copyOf(roles);
    }

    public String name() {
        return name;
    }

    public Set<String> roles() {
        return roles;
    }

    public boolean isAdmin() {
        return roles.contains(ROLE_ADMIN);
    }

    /** Managers and admins see every case; reps only their own. */
    public boolean seesAllCases() {
        return isAdmin() || roles.contains(ROLE_MANAGER);
    }

    /** True when the actor holds any Winback role at all. */
    public boolean isWinbackUser() {
        return isAdmin() || roles.contains(ROLE_MANAGER) || roles.contains(ROLE_REP);
    }

    @Override
    public String toString() {
        return name + roles;
    }
}
