package dev.winback.shell;

import dev.winback.api.Actor;
import java.security.AccessController;
import java.security.Principal;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * The actor for console commands. Only users with Karaf's console roles get a shell at all, so the commands see
 * what a manager sees; the name is the logged-in user's, so anything a command changes is audited under it.
 */
final class ConsoleActor {
    private ConsoleActor() {
    }

    @SuppressWarnings("removal") // Karaf runs each command inside Subject.doAs; this is how to read that subject.
    static Actor current() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        String name = "console";
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                    name = p.getName();
                }
            }
        }
        return new Actor(name, Set.of(Actor.ROLE_MANAGER));
    }
}
