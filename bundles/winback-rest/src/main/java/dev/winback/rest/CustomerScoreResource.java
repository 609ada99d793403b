package dev.winback.rest;

import dev.winback.api.detect.CustomerScore;
import dev.winback.api.detect.DetectionService;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/customers/{id}/score}: RFM figures and the model's view of one customer. Its own resource (not a
 * method of {@link CustomerResource}) because it belongs to detection: 404 while {@code winback-detect} is absent.
 */
@Component(service = CustomerScoreResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("customers/{id}/score")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerScoreResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DetectionService detection;

    @GET
    public CustomerScore score(@PathParam("id") String id, @QueryParam("asOf") String asOf,
            @Context SecurityContext security) {
        return DetectFeature.require(detection).score(Params.pathId("customer", id), Params.date("asOf", asOf),
                ActorPrincipal.of(security));
    }
}
