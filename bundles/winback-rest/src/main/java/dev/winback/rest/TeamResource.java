package dev.winback.rest;

import dev.winback.api.rest.RequestParams;
import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.NotFoundException;
import dev.winback.api.TeamService;
import dev.winback.api.dto.Team;
import java.util.List;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/teams}: who manages whom. Every Winback user reads them; admins create and change them. Manager
 * steps and escalations of a member's cases go to the team's manager.
 */
@Component(service = TeamResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

    @Reference
    TeamService teams;

    @GET
    public List<Team> list(@Context SecurityContext security) {
        return teams.all(ActorPrincipal.of(security));
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name, @Context SecurityContext security) {
        Team team = teams.get(name, ActorPrincipal.of(security))
                .orElseThrow(() -> new NotFoundException("No team is named '" + name + "'"));
        return Response.ok(team).tag(ETags.of(team.version)).build();
    }

    /**
     * Creates the team (201, no If-Match) or replaces it (200, If-Match required: 428 without it, 412 when stale).
     * {@code If-Match: *} replaces whatever version is current.
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Team body, @Context SecurityContext security, @Context UriInfo uri) {
        Actor actor = ActorPrincipal.of(security);
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("Teams are managed by admins (role winback-admin)");
        }
        String instance = uri.getRequestUri().getRawPath();
        Long expected = RequestParams.ifMatchVersion(ifMatch);
        boolean anyVersion = ifMatch != null && ifMatch.strip().equals("*");
        if (expected == null) {
            Optional<Team> existing = teams.get(name, actor);
            if (existing.isPresent() && !anyVersion) {
                return Problems.preconditionRequired("team '" + name + "'", instance);
            }
            if (existing.isEmpty() && anyVersion) {
                return Problems.response(412, "version-mismatch", "Precondition failed", "If-Match: * asks to "
                        + "replace team '" + name + "', which does not exist; send no If-Match to create it",
                        instance, null);
            }
            if (existing.isPresent()) {
                expected = existing.get().version;
            } else {
                Team created = teams.put(name, body, null, actor);
                return Response.created(uri.getBaseUriBuilder().path("teams").path(created.name).build())
                        .tag(ETags.of(created.version)).entity(created).build();
            }
        }
        Team replaced = teams.put(name, body, expected, actor);
        return Response.ok(replaced).tag(ETags.of(replaced.version)).build();
    }
}
