package dev.winback.api;

import java.security.AccessController;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

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

    /**
     * The actor for a console command: a manager named after the user logged in to the console (only users with
     * Karaf's console roles get a shell at all), so whatever a command changes is audited under its author. Karaf
     * runs each command inside {@code Subject.doAs}; outside one the name is {@code console}.
     */
    @SuppressWarnings("removal") // Subject.getSubject is how to read the subject a command runs under.
    public static Actor consoleManager() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        String name = "console";
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                    name = p.getName();
                }
            }
        }
        return new Actor(name, Set.of(ROLE_MANAGER));
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
