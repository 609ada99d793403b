package dev.winback.api;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The users of the login realm, so that owners, assignees and team members are people who can sign in. Provided by
 * the platform glue (in Karaf, over the JAAS realm's backing engine).
 */
@ProviderType
public interface UserDirectory {

    /** The roles of {@code user}, or empty when the realm has no such user. */
    Optional<Set<String>> rolesOf(String user);

    /** Whether {@code user} exists and holds one of the Winback roles. */
    default boolean isWinbackUser(String user) {
        return rolesOf(user).map(roles -> roles.contains(Actor.ROLE_ADMIN) || roles.contains(Actor.ROLE_MANAGER)
                || roles.contains(Actor.ROLE_REP)).orElse(false);
    }
}
