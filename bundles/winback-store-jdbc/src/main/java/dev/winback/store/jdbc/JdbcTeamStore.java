package dev.winback.store.jdbc;

import dev.winback.api.ConflictException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.Team;
import dev.winback.api.store.TeamStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Teams in {@code teams}, their members in {@code team_members}, keyed by member so that nobody is in two teams.
 * A team and its members change together, under the team row's lock.
 */
@Component(service = TeamStore.class)
public final class JdbcTeamStore implements TeamStore {
    static final String ENTITY_TYPE = "team";

    /** One row per member (or one without, for a team that has none), members by name. */
    private static final String SELECT = "SELECT t.name, t.manager, t.updated_at, t.version, m.member FROM teams t"
            + " LEFT JOIN team_members m ON m.team_name = t.name";
    private static final String ORDER = " ORDER BY t.name, m.member";

    private final WinbackDatabase db;
    private final AuditWriter audit = new AuditWriter();

    @Activate
    public JdbcTeamStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public List<Team> all() {
        return db.read("listing teams", c -> teams(c, SELECT + ORDER));
    }

    @Override
    public Optional<Team> find(String name) {
        return db.read("reading a team", c -> load(c, name));
    }

    /**
     * The team row is locked before the version check (a new team has none yet to lock: two creators of the same
     * name meet at its key). Members are checked against other teams before they are written, so that the refusal
     * can name the team; the member key refuses one that joined another team in the meantime.
     */
    @Override
    public Team put(Team team, Long expectedVersion, String actor) {
        String name = Objects.requireNonNull(team.name, "team.name");
        List<String> members = team.members != null ? List.copyOf(new LinkedHashSet<>(team.members)) : List.of();
        return db.inTransaction("saving a team", c -> {
            Optional<Long> version = Sql.queryOne(c, "SELECT version FROM teams WHERE name = ? FOR UPDATE",
                    rs -> rs.getLong("version"), name);
            Instant now = db.now();
            Team before = null;
            if (expectedVersion == null) {
                if (version.isPresent()) {
                    throw new ConflictException("Team '" + name + "' already exists; change it with its version");
                }
                try {
                    Sql.execute(c, "INSERT INTO teams (name, manager, created_at, updated_at, version)"
                            + " VALUES (?, ?, ?, ?, 1)", name, team.manager, now, now);
                } catch (SQLException e) {
                    if (SqlStates.isUniqueViolation(e)) {
                        throw new ConflictException("Team '" + name + "' was created by someone else just now");
                    }
                    throw e;
                }
            } else {
                long current = version.orElse(0L);
                if (version.isEmpty() || current != expectedVersion) {
                    throw new VersionMismatchException("Team '" + name + "' was changed or removed by someone else"
                            + " (version " + (version.isEmpty() ? "none" : current) + ", you had " + expectedVersion
                            + "); reload it and try again", current);
                }
                before = load(c, name).orElseThrow();
                Sql.execute(c, "UPDATE teams SET manager = ?, updated_at = ?, version = version + 1 WHERE name = ?",
                        team.manager, now, name);
                Sql.execute(c, "DELETE FROM team_members WHERE team_name = ?", name);
            }
            addMembers(c, name, members);
            Team after = load(c, name).orElseThrow();
            audit.record(c, now, actor, ENTITY_TYPE, name, before == null ? AuditWriter.CREATE : AuditWriter.UPDATE,
                    before, after);
            return after;
        });
    }

    @Override
    public Optional<String> managerOf(String member) {
        return db.read("finding a manager", c -> Sql.queryOne(c, "SELECT t.manager FROM team_members m"
                + " JOIN teams t ON t.name = m.team_name WHERE m.member = ?", rs -> rs.getString("manager"), member));
    }

    private static void addMembers(Connection c, String name, List<String> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        Optional<Map.Entry<String, String>> taken = memberOfAnother(c, name, members);
        if (taken.isPresent()) {
            throw memberConflict(taken.get());
        }
        List<Object[]> rows = new ArrayList<>(members.size());
        for (String member : members) {
            rows.add(new Object[] {member, name});
        }
        try {
            Sql.executeBatch(c, "INSERT INTO team_members (member, team_name) VALUES (?, ?)", rows);
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                // Another team took a member after the check; its row is committed once the key refused ours. The
                // failed statement is rolled back first, as PostgreSQL accepts nothing more in the transaction.
                c.rollback();
                throw memberOfAnother(c, name, members).map(JdbcTeamStore::memberConflict).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** The first of the members (by name) who is in a team other than {@code name}, with that team. */
    private static Optional<Map.Entry<String, String>> memberOfAnother(Connection c, String name, List<String> members)
            throws SQLException {
        return Sql.queryOne(c, "SELECT member, team_name FROM team_members WHERE team_name <> ? AND member IN ("
                        + Sql.placeholders(members.size()) + ") ORDER BY member",
                rs -> Map.entry(rs.getString("member"), rs.getString("team_name")),
                Sql.concat(new Object[] {name}, members.toArray()));
    }

    private static ConflictException memberConflict(Map.Entry<String, String> membership) {
        return new ConflictException("'" + membership.getKey() + "' is a member of team '" + membership.getValue()
                + "'; a user belongs to one team at most, so take them out of it first");
    }

    private static Optional<Team> load(Connection c, String name) throws SQLException {
        List<Team> found = teams(c, SELECT + " WHERE t.name = ?" + ORDER, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Folds the rows of {@link #SELECT}, ordered by team, into teams. */
    private static List<Team> teams(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<Team> teams = new ArrayList<>();
                while (rs.next()) {
                    if (teams.isEmpty() || !teams.get(teams.size() - 1).name.equals(rs.getString("name"))) {
                        teams.add(toTeam(rs));
                    }
                    String member = rs.getString("member");
                    if (member != null) {
                        teams.get(teams.size() - 1).members.add(member);
                    }
                }
                return teams;
            }
        }
    }

    private static Team toTeam(ResultSet rs) throws SQLException {
        Team team = new Team();
        team.name = rs.getString("name");
        team.manager = rs.getString("manager");
        team.updatedAt = Sql.instant(rs, "updated_at");
        team.version = rs.getLong("version");
        team.members = new ArrayList<>();
        return team;
    }
}
