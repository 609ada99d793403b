package dev.winback.webhooks.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.Actor;
import dev.winback.api.dto.Page;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import dev.winback.webhooks.outbound.WebhookDelivery;
import dev.winback.webhooks.outbound.WebhookEndpoint;
import dev.winback.webhooks.outbound.WebhookEndpoints;
import java.util.List;
import java.util.UUID;
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

    @Reference
    IdempotentCreations idempotent;

    /**
     * 201 with the endpoint and, this once, its secret. An Idempotency-Key makes a retry create nothing; the answer
     * kept for such a retry leaves the secret out (it would otherwise sit in a second table, in the clear), so a
     * replay shows the endpoint without it.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(WebhookEndpoint body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        Actor actor = WinbackRest.actor(security.getUserPrincipal());
        String[] secret = new String[1];
        Response answer = idempotent.run(idempotencyKey, actor, uri.getRequestUri().getRawPath(), body, () -> {
            WebhookEndpoint created = endpoints.create(body, actor);
            secret[0] = created.secret;
            created.secret = null;
            return Response.created(uri.getBaseUriBuilder().path("webhooks").path(created.id.toString()).build())
                    .tag(VersionTags.tag(created.version)).entity(created).build();
        });
        if (secret[0] != null && answer.getEntity() instanceof WebhookEndpoint) {
            // Created by this request (not a replay): now, and only now, the secret goes out.
            ((WebhookEndpoint) answer.getEntity()).secret = secret[0];
        }
        return answer;
    }

    @GET
    public List<WebhookEndpoint> list(@Context SecurityContext security) {
        return endpoints.list(WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        WebhookEndpoint e = endpoints.get(RequestParams.pathId("webhook endpoint", id),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.ok(e).tag(VersionTags.tag(e.version)).build();
    }

    /** A JSON merge patch of url, eventTypes, secret, active, description; If-Match is checked when sent. */
    @PATCH
    @Path("{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            JsonNode patch, @Context SecurityContext security) {
        WebhookEndpoint e = endpoints.patch(RequestParams.pathId("webhook endpoint", id), patch, RequestParams.ifMatchVersion(ifMatch),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.ok(e).tag(VersionTags.tag(e.version)).build();
    }

    /** Deletes the endpoint with its queue and delivery log. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        endpoints.delete(RequestParams.pathId("webhook endpoint", id), WinbackRest.actor(security.getUserPrincipal()));
        return Response.noContent().build();
    }

    /** Newest first, each with its attempts; {@code status} PENDING, DELIVERED or FAILED narrows the list. */
    @GET
    @Path("{id}/deliveries")
    public Page<WebhookDelivery> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("page") String page, @QueryParam("size") String size, @Context SecurityContext security) {
        return endpoints.deliveries(RequestParams.pathId("webhook endpoint", id), RequestParams.enumValue("status", status,
                WebhookDelivery.Status.class), RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 20), WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    public WebhookDelivery delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId,
            @Context SecurityContext security) {
        return endpoints.delivery(RequestParams.pathId("webhook endpoint", id), RequestParams.pathId("delivery", deliveryId),
                WinbackRest.actor(security.getUserPrincipal()));
    }

    /** 202: the delivery is queued again, due now; its attempts show in the log as they happen. */
    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    public Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId,
            @Context SecurityContext security) {
        UUID endpoint = RequestParams.pathId("webhook endpoint", id);
        WebhookDelivery d = endpoints.redeliver(endpoint, RequestParams.pathId("delivery", deliveryId),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.accepted(d).build();
    }
}
