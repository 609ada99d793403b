package dev.winback.core;

import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.TeamService;
import dev.winback.api.UserDirectory;
import dev.winback.api.dto.Team;
import dev.winback.api.store.TeamStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Teams as data, checked against the login realm: a manager and members who can all sign in with a Winback role.
 * Also the one place that says whether a user name may own cases.
 */
@Component(service = {TeamService.class, TeamDirectory.class})
public class TeamDirectory implements TeamService {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final int MAX_MEMBERS = 500;

    private final TeamStore store;

    /**
     * The realm's users; optional so that the engine keeps working while the platform glue restarts (owners are
     * then not checked against the realm for that moment; teams refuse to be saved).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile UserDirectory users;

    @Activate
    public TeamDirectory(@Reference TeamStore store) {
        this.store = store;
    }

    TeamDirectory(TeamStore store, UserDirectory users) {
        this.store = store;
        this.users = users;
    }

    @Override
    public List<Team> all(Actor actor) {
        CustomerDirectory.requireUser(actor);
        return store.all();
    }

    @Override
    public Optional<Team> get(String name, Actor actor) {
        CustomerDirectory.requireUser(actor);
        return store.find(name);
    }

    @Override
    public Team put(String name, Team team, Long expectedVersion, Actor actor) {
        CustomerDirectory.requireAdmin(actor, "Teams are managed by admins (role winback-admin)");
        FieldRules rules = new FieldRules();
        if (team == null) {
            rules.problem("body", "a team object is required");
            rules.throwIfAny();
        }
        Team t = new Team();
        t.name = rules.matching("name", name, true, NAME, "must be lower-case letters, digits and dashes");
        if (team.name != null && !team.name.equals(name)) {
            rules.problem("name", "must match the name in the path ('" + name + "'), got '" + team.name + "'");
        }
        t.manager = rules.text("manager", team.manager, true, CustomerDirectory.MAX_USER);
        Set<String> members = new LinkedHashSet<>();
        if (team.members == null) {
            rules.problem("members", "is required (an empty list for a team of one manager)");
        } else if (team.members.size() > MAX_MEMBERS) {
            rules.problem("members", "at most " + MAX_MEMBERS + " members");
        } else {
            for (int i = 0; i < team.members.size(); i++) {
                String m = rules.text("members[" + i + "]", team.members.get(i), true, CustomerDirectory.MAX_USER);
                if (m != null && !members.add(m)) {
                    rules.problem("members[" + i + "]", "'" + m + "' is listed twice");
                }
            }
        }
        rules.throwIfAny();
        UserDirectory realm = users;
        if (realm == null) {
            throw new IllegalStateException("The user directory is not available: teams cannot be checked now");
        }
        checkUser(rules, realm, "manager", t.manager);
        int i = 0;
        for (String m : members) {
            checkUser(rules, realm, "members[" + i++ + "]", m);
        }
        rules.throwIfAny();
        t.members = new ArrayList<>(members);
        return store.put(t, expectedVersion, actor.name());
    }

    private static void checkUser(FieldRules rules, UserDirectory realm, String field, String user) {
        Optional<Set<String>> roles = realm.rolesOf(user);
        if (roles.isEmpty()) {
            rules.problem(field, "'" + user + "' is not a user of the login realm");
        } else if (!realm.isWinbackUser(user)) {
            rules.problem(field, "'" + user + "' holds no Winback role (winback-admin, winback-manager or "
                    + "winback-rep)");
        }
    }

    @Override
    public Optional<String> managerOf(String user) {
        return user == null ? Optional.empty() : store.managerOf(user);
    }

    /**
     * Refuses a user name that cannot sign in with a Winback role: a case owned by nobody real is a case nobody
     * works. Without the realm at hand (the glue restarting) the name is taken as given.
     */
    void requireWinbackUser(String field, String user) {
        UserDirectory realm = users;
        if (realm != null && !realm.isWinbackUser(user)) {
            throw new InvalidInputException(field, "'" + user + "' is not a user of the login realm with a "
                    + "Winback role");
        }
    }
}
