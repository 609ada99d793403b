package dev.winback.api.store;

import dev.winback.api.ConflictException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.Team;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of teams. Input is already validated by the caller. */
@ProviderType
public interface TeamStore {

    /** By name. */
    List<Team> all();

    Optional<Team> find(String name);

    /**
     * Creates the team ({@code expectedVersion} null) or replaces its manager and members, auditing the change.
     *
     * @throws ConflictException the team exists and no version was given, or a member belongs to another team
     * @throws VersionMismatchException the stored version is not {@code expectedVersion}, or the team is gone
     */
    Team put(Team team, Long expectedVersion, String actor);

    /** The manager of the team that has {@code member} among its members. */
    Optional<String> managerOf(String member);
}
