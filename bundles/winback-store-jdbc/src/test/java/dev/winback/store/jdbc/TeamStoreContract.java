package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.ConflictException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.Team;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class TeamStoreContract extends DatabaseTestBase {
    private JdbcTeamStore teams;
    private JdbcAuditTrail trail;

    TeamStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStore() {
        teams = new JdbcTeamStore(db);
        trail = new JdbcAuditTrail(db);
    }

    @Test
    void aNewTeamStartsAtVersionOneWithItsMembersByName() {
        Team created = teams.put(team("north", "mia", "carol", "alice", "bob"), null, "admin");

        assertEquals("north", created.name);
        assertEquals("mia", created.manager);
        assertEquals(List.of("alice", "bob", "carol"), created.members);
        assertEquals(1, created.version);
        assertEquals(Json.tree(created), Json.tree(teams.find("north").orElseThrow()));
        List<AuditEntry> entries = trail.forEntity(JdbcTeamStore.ENTITY_TYPE, "north");
        assertEquals(1, entries.size());
        assertEquals("create", entries.get(0).action);
        assertEquals("admin", entries.get(0).actor);
        assertEquals(created.updatedAt, entries.get(0).at);
        assertNull(entries.get(0).before);
        assertEquals(Json.tree(created), Json.parse(entries.get(0).after));
    }

    @Test
    void teamsAreListedByNameWithOrWithoutMembers() {
        Team south = teams.put(team("south", "sam", "dave"), null, "admin");
        Team empty = teams.put(team("east", "erin"), null, "admin");
        Team north = teams.put(team("north", "mia", "alice", "bob"), null, "admin");
        Team none = team("west", "wes");
        none.members = null;
        Team west = teams.put(none, null, "admin");

        assertEquals(List.of(), empty.members);
        assertEquals(List.of(), west.members);
        assertEquals(List.of(Json.tree(empty), Json.tree(north), Json.tree(south), Json.tree(west)),
                teams.all().stream().map(Json::tree).toList());
        assertTrue(teams.find("nowhere").isEmpty());
    }

    @Test
    void creatingATeamThatExistsIsAConflictAndChangesNothing() throws SQLException {
        Team created = teams.put(team("north", "mia", "alice"), null, "admin");

        ConflictException refused = assertThrows(ConflictException.class,
                () -> teams.put(team("north", "max", "bob"), null, "admin"));

        assertTrue(refused.getMessage().contains("'north'"), refused.getMessage());
        assertEquals(Json.tree(created), Json.tree(teams.find("north").orElseThrow()));
        assertEquals(1, auditRows(JdbcTeamStore.ENTITY_TYPE));
    }

    @Test
    void anUpdateReplacesTheManagerAndTheMembers() {
        Team created = teams.put(team("north", "mia", "alice", "bob"), null, "admin");

        Team updated = teams.put(team("north", "max", "bob", "carol"), 1L, "root");

        assertEquals(2, updated.version);
        assertEquals("max", updated.manager);
        assertEquals(List.of("bob", "carol"), updated.members);
        assertTrue(updated.updatedAt.isAfter(created.updatedAt));
        assertEquals(Json.tree(updated), Json.tree(teams.find("north").orElseThrow()));
        assertEquals(Optional.empty(), teams.managerOf("alice"), "alice left the team");
        assertEquals(Optional.of("max"), teams.managerOf("carol"));
        AuditEntry update = trail.forEntity(JdbcTeamStore.ENTITY_TYPE, "north").get(1);
        assertEquals("update", update.action);
        assertEquals("root", update.actor);
        assertEquals(Json.tree(created), Json.parse(update.before));
        assertEquals(Json.tree(updated), Json.parse(update.after));
    }

    @Test
    void aStaleVersionOrAGoneTeamIsAVersionMismatch() throws SQLException {
        teams.put(team("north", "mia", "alice"), null, "admin");
        Team current = teams.put(team("north", "max", "alice"), 1L, "admin");

        VersionMismatchException stale = assertThrows(VersionMismatchException.class,
                () -> teams.put(team("north", "sam", "bob"), 1L, "admin"));
        VersionMismatchException gone = assertThrows(VersionMismatchException.class,
                () -> teams.put(team("south", "sam", "bob"), 3L, "admin"));

        assertEquals(2, stale.currentVersion());
        assertTrue(stale.getMessage().contains("version 2, you had 1"), stale.getMessage());
        assertEquals(0, gone.currentVersion());
        assertEquals(Json.tree(current), Json.tree(teams.find("north").orElseThrow()));
        assertTrue(teams.find("south").isEmpty());
        assertEquals(2, auditRows(JdbcTeamStore.ENTITY_TYPE));
    }

    @Test
    void aMemberOfAnotherTeamIsAConflictThatNamesTheTeamAndChangesNothing() throws SQLException {
        Team north = teams.put(team("north", "mia", "alice", "bob"), null, "admin");
        Team south = teams.put(team("south", "sam", "dave"), null, "admin");

        ConflictException created = assertThrows(ConflictException.class,
                () -> teams.put(team("east", "erin", "erik", "bob"), null, "admin"));
        ConflictException updated = assertThrows(ConflictException.class,
                () -> teams.put(team("south", "sam", "dave", "alice"), south.version, "admin"));

        assertTrue(created.getMessage().contains("'bob'") && created.getMessage().contains("'north'"),
                created.getMessage());
        assertTrue(updated.getMessage().contains("'alice'") && updated.getMessage().contains("'north'"),
                updated.getMessage());
        assertTrue(teams.find("east").isEmpty());
        assertEquals(Json.tree(south), Json.tree(teams.find("south").orElseThrow()));
        assertEquals(Json.tree(north), Json.tree(teams.find("north").orElseThrow()));
        assertEquals(Optional.of("mia"), teams.managerOf("bob"));
        assertEquals(2, auditRows(JdbcTeamStore.ENTITY_TYPE));
    }

    @Test
    void aTeamKeepsItsOwnMembersAndListsEachOnce() {
        Team created = teams.put(team("north", "mia", "alice", "bob"), null, "admin");

        Team updated = teams.put(team("north", "mia", "bob", "alice", "bob"), created.version, "admin");

        assertEquals(List.of("alice", "bob"), updated.members);
    }

    @Test
    void theManagerOfAMemberIsTheManagerOfTheirTeam() {
        teams.put(team("north", "mia", "alice"), null, "admin");
        teams.put(team("south", "sam", "dave", "mia"), null, "admin");

        assertEquals(Optional.of("mia"), teams.managerOf("alice"));
        assertEquals(Optional.of("sam"), teams.managerOf("mia"), "a manager can be a member of another team");
        assertEquals(Optional.empty(), teams.managerOf("sam"), "leading a team is not being in it");
        assertEquals(Optional.empty(), teams.managerOf("nobody"));
    }

    private static Team team(String name, String manager, String... members) {
        Team team = new Team();
        team.name = name;
        team.manager = manager;
        team.members = List.of(members);
        return team;
    }
}
