package dev.winback.rest;

import dev.winback.api.CustomerService;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.Purchase;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.NotSupportedException;
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
        query.q = RequestParams.text(q);
        query.source = RequestParams.text(source);
        query.ownerRep = RequestParams.text(ownerRep);
        query.page = RequestParams.integer("page", page, 0);
        query.size = RequestParams.integer("size", size, 20);
        return customers.find(query, ActorPrincipal.of(security));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        Customer customer = find(RequestParams.pathId("customer", id), security);
        return Response.ok(customer).tag(ETags.of(customer.version)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Customer body, @Context SecurityContext security) {
        UUID customerId = RequestParams.pathId("customer", id);
        Customer updated = customers.update(customerId, body,
                RequestParams.requiredIfMatchVersion(ifMatch, "customer " + customerId), ActorPrincipal.of(security));
        return Response.ok(updated).tag(ETags.of(updated.version)).build();
    }

    /** Puts a contact block on the customer (managers and admins): no case may contact them until an admin lifts it. */
    @POST
    @Path("{id}/contact-block")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response blockContact(@PathParam("id") String id, ContactBlockRequest body,
            @Context SecurityContext security) {
        UUID customerId = RequestParams.pathId("customer", id);
        Customer blocked = customers.blockContact(customerId, body == null ? null : body.reason,
                ActorPrincipal.of(security));
        return Response.ok(blocked).tag(ETags.of(blocked.version)).build();
    }

    /**
     * Lifts the contact block (admins), with a reason: in a JSON body {@code {"reason": "..."}} or, for clients
     * that send no body with DELETE, in the query parameter {@code reason}.
     */
    @DELETE
    @Path("{id}/contact-block")
    public Response unblockContact(@PathParam("id") String id, @QueryParam("reason") String reason,
            @Context HttpHeaders headers, InputStream body, @Context SecurityContext security) throws IOException {
        UUID customerId = RequestParams.pathId("customer", id);
        ContactBlockRequest fromBody = optionalJson(body, headers);
        String why = reason(RequestParams.text(reason), fromBody == null ? null : RequestParams.text(fromBody.reason));
        Customer unblocked = customers.unblockContact(customerId, why, ActorPrincipal.of(security));
        return Response.ok(unblocked).tag(ETags.of(unblocked.version)).build();
    }

    /** The reason from the query or the body; giving two different ones is a mistake worth reporting. */
    static String reason(String fromQuery, String fromBody) {
        if (fromQuery != null && fromBody != null && !fromQuery.equals(fromBody)) {
            throw new InvalidInputException("reason", "given twice, in the query and in the body, with different "
                    + "texts; give it once");
        }
        return fromQuery != null ? fromQuery : fromBody;
    }

    /** A JSON body of a DELETE, read with the same strict rules as every other body; null when there is none. */
    private static ContactBlockRequest optionalJson(InputStream body, HttpHeaders headers) throws IOException {
        if (body == null) {
            return null;
        }
        PushbackInputStream in = new PushbackInputStream(body, 1);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        in.unread(first);
        MediaType type = headers.getMediaType();
        if (type != null && !(type.getType().equals("application")
                && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")))) {
            throw new NotSupportedException();
        }
        return JsonMessageBodies.read(ContactBlockRequest.class, in);
    }

    /** Records a purchase of the customer: evidence that a lost customer came back. */
    @POST
    @Path("{id}/purchases")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordPurchase(@PathParam("id") String id, Purchase body,
            @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey, @Context SecurityContext security,
            @Context UriInfo uri) {
        UUID customerId = RequestParams.pathId("customer", id);
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body, () -> {
            Purchase recorded = customers.recordPurchase(customerId, body, ActorPrincipal.of(security));
            return Response.created(uri.getBaseUriBuilder().path("customers").path(customerId.toString())
                    .path("purchases").build()).entity(recorded).build();
        });
    }

    /** The customer's purchases, newest first. */
    @GET
    @Path("{id}/purchases")
    public Page<Purchase> purchases(@PathParam("id") String id, @QueryParam("page") String page,
            @QueryParam("size") String size, @Context SecurityContext security) {
        return customers.purchases(RequestParams.pathId("customer", id), RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 20), ActorPrincipal.of(security));
    }

    private Customer find(UUID id, SecurityContext security) {
        return customers.get(id, ActorPrincipal.of(security))
                .orElseThrow(() -> new NotFoundException("No customer has id '" + id + "'"));
    }
}
