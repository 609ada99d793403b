package dev.winback.reputation.rest;

import dev.winback.api.dto.Page;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import dev.winback.reputation.improvement.DocumentedWhy;
import dev.winback.reputation.improvement.WhySearch;
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

/** {@code /api/v1/whys}: the documented whys across cases, by loss reason and text; reps see their own cases'. */
@Component(service = WhyResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("whys")
@Produces(MediaType.APPLICATION_JSON)
public class WhyResource {

    @Reference
    WhySearch whys;

    @GET
    public Page<DocumentedWhy> find(@QueryParam("lossReason") String lossReason, @QueryParam("q") String q,
            @QueryParam("page") String page, @QueryParam("size") String size, @Context SecurityContext security) {
        return whys.find(RequestParams.text(lossReason), RequestParams.text(q), RequestParams.integer("page", page,
                0), RequestParams.integer("size", size, 50), WinbackRest.actor(security.getUserPrincipal()));
    }
}
