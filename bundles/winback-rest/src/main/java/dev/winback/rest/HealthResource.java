package dev.winback.rest;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.store.StoreStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/health}, without authentication, for load balancers and monitors: 200 and {@code UP} when the
 * database answers, 503 and {@code DOWN} when it does not or no store is active, and nothing else, since versions
 * tell an attacker which flaws to try. {@code GET /api/v1/health/details} adds the database product, the schema
 * version and Winback's version, for admins.
 */
// Prototype like every other resource: the whiteboard gets a fresh instance for each rebuild of the application
// (one per module that adds resources), and a singleton shared between the old and the new one was seen to drop out.
@Component(service = HealthResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    // Optional and dynamic: health must answer DOWN when storage is gone, not vanish with it.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile StoreStatus store;

    private String version;

    @Activate
    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    @GET
    public Response health() {
        StoreStatus current = store;
        boolean up = current != null && current.isReachable();
        return Response.status(up ? 200 : 503).entity(Map.of("status", up ? "UP" : "DOWN")).build();
    }

    @GET
    @Path("details")
    public Response details(@Context SecurityContext security) {
        if (!ActorPrincipal.of(security).isAdmin()) {
            throw new AccessDeniedException("Health details are for admins (role winback-admin); GET /api/v1/health "
                    + "says UP or DOWN to anyone");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        StoreStatus current = store;
        boolean up = current != null && current.isReachable();
        body.put("status", up ? "UP" : "DOWN");
        // Product and schema need a connection; when the database is down we can only say so.
        body.put("database", up ? current.databaseProduct() : null);
        body.put("schemaVersion", up ? current.schemaVersion() : null);
        body.put("version", version);
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
