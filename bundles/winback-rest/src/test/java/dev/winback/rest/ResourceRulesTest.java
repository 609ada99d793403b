package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.CustomerService;
import dev.winback.api.InvalidInputException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.TeamService;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseCorrection;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.DueWindow;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.Team;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** The REST-side rules of the new endpoints: preconditions, worklist parameters, where a reason comes from. */
class ResourceRulesTest {
    private static final UUID CASE = UUID.fromString("3f2b6c1e-8a6d-4c1f-9a55-0d2e1c7b9f10");

    // ---- PATCH /cases/{id}

    @Test
    void patchWithoutIfMatchIs428AndReachesNoService() {
        List<String> calls = Fakes.calls();
        CaseResource resource = new CaseResource();
        resource.cases = Fakes.service(RecoveryCaseService.class, calls, (p, m, a) -> null);
        Response r = resource.correct(CASE.toString(), null, new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("notes", "x"), Fakes.as(Fakes.MANAGER), Fakes.uri("cases/" + CASE));
        assertEquals(428, r.getStatus());
        assertTrue(calls.isEmpty(), calls.toString());
        Response star = resource.correct(CASE.toString(), "*", new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode(), Fakes.as(Fakes.MANAGER), Fakes.uri("cases/" + CASE));
        assertEquals(428, star.getStatus());
    }

    @Test
    void patchPassesTheVersionAndTheCorrection() {
        List<Object[]> args = new ArrayList<>();
        CaseResource resource = new CaseResource();
        resource.cases = Fakes.service(RecoveryCaseService.class, new ArrayList<>(), (p, m, a) -> {
            args.add(a);
            RecoveryCase c = new RecoveryCase();
            c.id = CASE;
            c.version = 4;
            return c;
        });
        Response r = resource.correct(CASE.toString(), "\"3\"", new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().putNull("notes"), Fakes.as(Fakes.MANAGER), Fakes.uri("cases/" + CASE));
        assertEquals(200, r.getStatus());
        assertEquals("\"4\"", r.getEntityTag().toString());
        assertEquals(3L, args.get(0)[2]);
        assertTrue(((CaseCorrection) args.get(0)[1]).clearNotes);
    }

    @Test
    void closeWithoutIfMatchLetsTheEngineTurnARaceIntoAConflict() {
        List<Object[]> args = new ArrayList<>();
        CaseResource resource = new CaseResource();
        resource.cases = Fakes.service(RecoveryCaseService.class, new ArrayList<>(), (p, m, a) -> {
            args.add(a);
            return new RecoveryCase();
        });
        CaseClosure closure = new CaseClosure();
        resource.close(CASE.toString(), null, closure, Fakes.as(Fakes.REP));
        assertNull(args.get(0)[2]);
        assertSame(closure, args.get(0)[1]);
        resource.close(CASE.toString(), "W/\"7\"", closure, Fakes.as(Fakes.REP));
        assertEquals(7L, args.get(1)[2]);
    }

    // ---- GET /steps

    @Test
    void worklistParameters() {
        StepQuery me = StepResource.query(Fakes.REP, "me", null, "Overdue", null, null);
        assertEquals("rep1", me.assignee);
        assertEquals(StepStatus.PLANNED, me.status);
        assertEquals(DueWindow.OVERDUE, me.due);
        assertEquals(50, me.size);
        StepQuery other = StepResource.query(Fakes.MANAGER, "rep2", "done", "WEEK", "2", "10");
        assertEquals("rep2", other.assignee);
        assertEquals(StepStatus.DONE, other.status);
        assertEquals(DueWindow.WEEK, other.due);
        assertEquals(2, other.page);
        assertEquals(10, other.size);
        assertNull(StepResource.query(Fakes.MANAGER, null, null, null, null, null).assignee);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> StepResource.query(Fakes.REP, "me", null, "tomorrow", null, null));
        assertEquals("due", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("OVERDUE, TODAY, WEEK"), e.getMessage());
    }

    // ---- PUT /teams/{name}

    private static TeamResource teams(Optional<Team> existing, List<Object[]> puts) {
        TeamResource resource = new TeamResource();
        resource.teams = Fakes.service(TeamService.class, new ArrayList<>(), (p, m, a) -> {
            switch (m.getName()) {
                case "get":
                    return existing;
                case "put":
                    puts.add(a);
                    if (a[2] != null && existing.isPresent() && !a[2].equals(existing.get().version)) {
                        throw new VersionMismatchException("stale", existing.get().version);
                    }
                    Team t = new Team();
                    t.name = (String) a[0];
                    t.version = existing.map(e -> e.version + 1).orElse(1L);
                    return t;
                default:
                    throw new AssertionError(m.getName());
            }
        });
        return resource;
    }

    private static Team team(long version) {
        Team t = new Team();
        t.name = "north";
        t.version = version;
        return t;
    }

    @Test
    void aNewTeamIsCreatedWithoutIfMatch() {
        List<Object[]> puts = new ArrayList<>();
        Response r = teams(Optional.empty(), puts).put("north", null, new Team(), Fakes.as(Fakes.ADMIN),
                Fakes.uri("teams/north"));
        assertEquals(201, r.getStatus());
        assertEquals("http://localhost:8181/api/v1/teams/north", r.getLocation().toString());
        assertNull(puts.get(0)[2]);
    }

    @Test
    void anExistingTeamNeedsIfMatch() {
        List<Object[]> puts = new ArrayList<>();
        Response r = teams(Optional.of(team(3)), puts).put("north", null, new Team(), Fakes.as(Fakes.ADMIN),
                Fakes.uri("teams/north"));
        assertEquals(428, r.getStatus());
        assertTrue(puts.isEmpty());
        Response replaced = teams(Optional.of(team(3)), puts).put("north", "\"3\"", new Team(),
                Fakes.as(Fakes.ADMIN), Fakes.uri("teams/north"));
        assertEquals(200, replaced.getStatus());
        assertEquals(3L, puts.get(0)[2]);
        assertThrows(VersionMismatchException.class, () -> teams(Optional.of(team(3)), puts).put("north", "\"2\"",
                new Team(), Fakes.as(Fakes.ADMIN), Fakes.uri("teams/north")));
    }

    @Test
    void ifMatchStarReplacesAnyVersionButCreatesNothing() {
        List<Object[]> puts = new ArrayList<>();
        assertEquals(200, teams(Optional.of(team(5)), puts).put("north", "*", new Team(), Fakes.as(Fakes.ADMIN),
                Fakes.uri("teams/north")).getStatus());
        assertEquals(5L, puts.get(0)[2]);
        assertEquals(412, teams(Optional.empty(), puts).put("north", "*", new Team(), Fakes.as(Fakes.ADMIN),
                Fakes.uri("teams/north")).getStatus());
    }

    @Test
    void onlyAdminsPutTeamsEvenWithoutIfMatch() {
        assertThrows(AccessDeniedException.class, () -> teams(Optional.of(team(1)), new ArrayList<>())
                .put("north", null, new Team(), Fakes.as(Fakes.MANAGER), Fakes.uri("teams/north")));
    }

    // ---- DELETE /customers/{id}/contact-block

    private static HttpHeaders contentType(String type) {
        return (HttpHeaders) Proxy.newProxyInstance(ResourceRulesTest.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class}, (p, m, a) -> {
                    if (m.getName().equals("getMediaType")) {
                        return type == null ? null : MediaType.valueOf(type);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Object[]> unblock(String query, String type, String body) throws Exception {
        List<Object[]> args = new ArrayList<>();
        CustomerResource resource = new CustomerResource();
        resource.customers = Fakes.service(CustomerService.class, new ArrayList<>(), (p, m, a) -> {
            args.add(a);
            Customer c = new Customer();
            c.version = 2;
            return c;
        });
        Response r = resource.unblockContact(CASE.toString(), query, contentType(type), body(body),
                Fakes.as(Fakes.ADMIN));
        assertEquals(200, r.getStatus());
        return args;
    }

    @Test
    void theUnblockReasonComesFromTheBodyOrTheQuery() throws Exception {
        assertEquals("Customer asked us back", unblock(null, "application/json",
                "{\"reason\":\"Customer asked us back\"}").get(0)[1]);
        assertEquals("In writing", unblock("In writing", null, "").get(0)[1]);
        assertEquals("Same", unblock("Same", "application/json", "{\"reason\":\"Same\"}").get(0)[1]);
        assertNull(unblock(null, null, "").get(0)[1], "no reason at all is the service's 400");
        assertThrows(InvalidInputException.class, () -> unblock("One", "application/json", "{\"reason\":\"Two\"}"));
        assertThrows(BadJsonException.class, () -> unblock(null, "application/json", "{\"why\":\"x\"}"));
        assertThrows(NotSupportedException.class, () -> unblock(null, "text/plain", "because"));
    }
}
