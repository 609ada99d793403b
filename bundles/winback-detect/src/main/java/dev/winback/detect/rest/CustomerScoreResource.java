package dev.winback.detect.rest;

import dev.winback.api.detect.CustomerScore;
import dev.winback.api.detect.DetectionService;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
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
 * {@code /api/v1/customers/{id}/score}: RFM figures and the model's view of one customer. It belongs to detection,
 * so it comes and goes with the {@code winback-detect} feature (404 without it) beside the core's customer paths.
 */
@Component(service = CustomerScoreResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("customers/{id}/score")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerScoreResource {

    @Reference
    DetectionService detection;

    @GET
    public CustomerScore score(@PathParam("id") String id, @QueryParam("asOf") String asOf,
            @Context SecurityContext security) {
        return detection.score(RequestParams.pathId("customer", id), RequestParams.date("asOf", asOf),
                WinbackRest.actor(security.getUserPrincipal()));
    }
}
