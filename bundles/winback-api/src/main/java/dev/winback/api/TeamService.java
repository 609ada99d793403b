package dev.winback.api;

import dev.winback.api.dto.Team;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Teams: who manages whom. Manager steps and escalations of a member's cases go to the team's manager. */
@ProviderType
public interface TeamService {

    /** Every team, by name (any Winback user may read them). */
    List<Team> all(Actor actor);

    Optional<Team> get(String name, Actor actor);

    /**
     * Creates or replaces a team (admins). The manager and every member must be users of the realm holding a
     * Winback role; a user belongs to one team at most.
     *
     * @param expectedVersion the version the caller saw, or null to create a team that does not exist yet
     * @throws InvalidInputException a bad name, an unknown user, a user without a Winback role
     * @throws ConflictException a member belongs to another team; the team exists and no version was given
     * @throws VersionMismatchException the team changed since {@code expectedVersion}
     */
    Team put(String name, Team team, Long expectedVersion, Actor actor);

    /** The manager of the team {@code user} belongs to, if any. */
    Optional<String> managerOf(String user);
}
