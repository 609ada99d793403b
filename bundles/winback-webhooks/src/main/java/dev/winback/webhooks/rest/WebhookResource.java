package dev.winback.webhooks.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.Page;
import dev.winback.api.rest.WinbackRest;
import dev.winback.webhooks.outbound.WebhookDelivery;
import dev.winback.webhooks.outbound.WebhookEndpoint;
import dev.winback.webhooks.outbound.WebhookEndpoints;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
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

/**
 * {@code /api/v1/webhooks}: outbound endpoints, their delivery log and redelivery (admins only). Gone with the
 * {@code winback-webhooks} feature; the endpoints and their queues stay in the database.
 */
@Component(service = WebhookResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {
    static final String MERGE_PATCH = "application/merge-patch+json";

    @Reference
    WebhookEndpoints endpoints;

    /** 201 with the endpoint and, this once, its secret. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(WebhookEndpoint body, @Context SecurityContext security, @Context UriInfo uri) {
        WebhookEndpoint created = endpoints.create(body, WinbackRest.actor(security.getUserPrincipal()));
        return Response.created(uri.getBaseUriBuilder().path("webhooks").path(created.id.toString()).build())
                .tag(Requests.tag(created.version)).entity(created).build();
    }

    @GET
    public List<WebhookEndpoint> list(@Context SecurityContext security) {
        return endpoints.list(WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        WebhookEndpoint e = endpoints.get(Requests.id("webhook endpoint", id),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.ok(e).tag(Requests.tag(e.version)).build();
    }

    /** A JSON merge patch of url, eventTypes, secret, active, description; If-Match is checked when sent. */
    @PATCH
    @Path("{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            JsonNode patch, @Context SecurityContext security) {
        WebhookEndpoint e = endpoints.patch(Requests.id("webhook endpoint", id), patch, Requests.ifMatch(ifMatch),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.ok(e).tag(Requests.tag(e.version)).build();
    }

    /** Deletes the endpoint with its queue and delivery log. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        endpoints.delete(Requests.id("webhook endpoint", id), WinbackRest.actor(security.getUserPrincipal()));
        return Response.noContent().build();
    }

    /** Newest first, each with its attempts; {@code status} PENDING, DELIVERED or FAILED narrows the list. */
    @GET
    @Path("{id}/deliveries")
    public Page<WebhookDelivery> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("page") String page, @QueryParam("size") String size, @Context SecurityContext security) {
        return endpoints.deliveries(Requests.id("webhook endpoint", id), status(status), Requests.number("page", page,
                0), Requests.number("size", size, 20), WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    public WebhookDelivery delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId,
            @Context SecurityContext security) {
        return endpoints.delivery(Requests.id("webhook endpoint", id), Requests.id("delivery", deliveryId),
                WinbackRest.actor(security.getUserPrincipal()));
    }

    /** 202: the delivery is queued again, due now; its attempts show in the log as they happen. */
    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    public Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId,
            @Context SecurityContext security) {
        UUID endpoint = Requests.id("webhook endpoint", id);
        WebhookDelivery d = endpoints.redeliver(endpoint, Requests.id("delivery", deliveryId),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.accepted(d).build();
    }

    private static WebhookDelivery.Status status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return WebhookDelivery.Status.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be one of " + Arrays.stream(WebhookDelivery.Status
                    .values()).map(Enum::name).collect(Collectors.joining(", ")) + " (got '" + value + "')");
        }
    }
}
