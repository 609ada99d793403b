package dev.winback.core;

import dev.winback.api.Actor;
import dev.winback.api.dto.Customer;
import dev.winback.store.jdbc.JdbcCaseStore;
import dev.winback.store.jdbc.JdbcCustomerStore;
import dev.winback.store.jdbc.JdbcLossReasonStore;
import dev.winback.store.jdbc.JdbcPurchaseStore;
import dev.winback.store.jdbc.JdbcTeamStore;
import dev.winback.api.UserDirectory;
import dev.winback.api.dto.Team;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.winback.store.jdbc.WinbackDatabase;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The core services wired to the real JDBC store on a private in-memory H2 database. */
final class CoreFixture {
    static final Actor ADMIN = new Actor("admin", Set.of(Actor.ROLE_ADMIN));
    static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));
    static final Actor REP1 = new Actor("rep1", Set.of(Actor.ROLE_REP));
    static final Actor REP2 = new Actor("rep2", Set.of(Actor.ROLE_REP));
    static final Actor OUTSIDER = new Actor("viewer", Set.of("viewer"));

    final WinbackDatabase db;
    final JdbcCustomerStore customerStore;
    final JdbcLossReasonStore lossReasonStore;
    final JdbcCaseStore caseStore;
    final JdbcPurchaseStore purchaseStore;
    final JdbcTeamStore teamStore;
    /** The login realm as the user directory shows it: user -> roles. */
    final Map<String, Set<String>> realm = new HashMap<>(Map.of(
            "admin", Set.of(Actor.ROLE_ADMIN), "manager", Set.of(Actor.ROLE_MANAGER), "boss", Set.of(Actor.ROLE_MANAGER),
            "rep1", Set.of(Actor.ROLE_REP), "rep2", Set.of(Actor.ROLE_REP), "viewer", Set.of("viewer")));
    final TeamDirectory teams;
    final CustomerDirectory customers;
    final LossReasonCatalog reasons;
    final StrategyRegistry strategies;
    final CaseEngine cases;

    CoreFixture(Clock clock) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:core_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        db = new WinbackDatabase(ds, clock);
        db.migrate();
        customerStore = new JdbcCustomerStore(db);
        lossReasonStore = new JdbcLossReasonStore(db);
        caseStore = new JdbcCaseStore(db);
        purchaseStore = new JdbcPurchaseStore(db);
        teamStore = new JdbcTeamStore(db);
        UserDirectory users = user -> Optional.ofNullable(realm.get(user));
        teams = new TeamDirectory(teamStore, users);
        customers = new CustomerDirectory(customerStore, purchaseStore, clock);
        reasons = new LossReasonCatalog(lossReasonStore);
        strategies = new StrategyRegistry(caseStore);
        cases = new CaseEngine(caseStore, customerStore, lossReasonStore, purchaseStore, teams, strategies, clock);
    }

    CoreFixture() {
        this(Clock.systemUTC());
    }

    /** A team led by {@code manager}. */
    Team team(String name, String manager, String... members) {
        Team t = new Team();
        t.manager = manager;
        t.members = List.of(members);
        return teams.put(name, t, null, ADMIN);
    }

    Customer customer(String externalId, String ownerRep) {
        Customer c = new Customer();
        c.externalId = externalId;
        c.source = "crm";
        c.name = "Customer " + externalId;
        c.ownerRep = ownerRep;
        return customers.create(c, MANAGER);
    }
}
