package dev.winback.rest;

import dev.winback.api.CustomerService;
import dev.winback.api.NotFoundException;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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

/** {@code /api/v1/customers}: the customers Winback knows, keyed by the host CRM's external id. */
@Component(service = CustomerResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    @Reference
    CustomerService customers;

    @Reference
    IdempotentCreations idempotent;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Customer body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body, () -> {
            Customer created = customers.create(body, ActorPrincipal.of(security));
            return Response.created(uri.getAbsolutePathBuilder().path(created.id.toString()).build())
                    .tag(ETags.of(created.version)).entity(created).build();
        });
    }

    @GET
    public Page<Customer> list(@QueryParam("q") String q, @QueryParam("source") String source,
            @QueryParam("ownerRep") String ownerRep, @QueryParam("page") String page,
            @QueryParam("size") String size, @Context SecurityContext security) {
        CustomerQuery query = new CustomerQuery();
        query.q = Params.text(q);
        query.source = Params.text(source);
        query.ownerRep = Params.text(ownerRep);
        query.page = Params.integer("page", page, 0);
        query.size = Params.integer("size", size, 20);
        return customers.find(query, ActorPrincipal.of(security));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        Customer customer = find(Params.pathId("customer", id), security);
        return Response.ok(customer).tag(ETags.of(customer.version)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Customer body, @Context SecurityContext security) {
        UUID customerId = Params.pathId("customer", id);
        Customer updated = customers.update(customerId, body, ETags.expectedVersion(ifMatch),
                ActorPrincipal.of(security));
        return Response.ok(updated).tag(ETags.of(updated.version)).build();
    }

    private Customer find(UUID id, SecurityContext security) {
        return customers.get(id, ActorPrincipal.of(security))
                .orElseThrow(() -> new NotFoundException("No customer has id '" + id + "'"));
    }
}
