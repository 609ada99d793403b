package dev.winback.rest;

import dev.winback.api.Actor;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.dto.DueWindow;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.WorkItem;
import dev.winback.api.rest.RequestParams;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/steps}: the worklist, steps across cases sorted by due time. A rep sees their own; managers and
 * admins anyone's ({@code assignee=me} is the caller).
 */
@Component(service = StepResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("steps")
@Produces(MediaType.APPLICATION_JSON)
public class StepResource {
    static final String ME = "me";

    @Reference
    RecoveryCaseService cases;

    @GET
    public Page<WorkItem> worklist(@QueryParam("assignee") String assignee, @QueryParam("status") String status,
            @QueryParam("due") String due, @QueryParam("page") String page, @QueryParam("size") String size,
            @Context SecurityContext security) {
        Actor actor = ActorPrincipal.of(security);
        return cases.worklist(query(actor, assignee, status, due, page, size), actor);
    }

    static StepQuery query(Actor actor, String assignee, String status, String due, String page, String size) {
        StepQuery query = new StepQuery();
        String who = RequestParams.text(assignee);
        query.assignee = ME.equals(who) ? actor.name() : who;
        StepStatus wanted = RequestParams.enumValue("status", status, StepStatus.class);
        if (wanted != null) {
            query.status = wanted;
        }
        query.due = RequestParams.enumValue("due", due, DueWindow.class);
        query.page = RequestParams.integer("page", page, query.page);
        query.size = RequestParams.integer("size", size, query.size);
        return query;
    }
}
