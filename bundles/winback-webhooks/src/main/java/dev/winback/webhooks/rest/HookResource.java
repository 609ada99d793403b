package dev.winback.webhooks.rest;

import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.PayloadTooLargeException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.rest.BoundedInputStream;
import dev.winback.api.rest.PublicEndpoint;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import dev.winback.webhooks.inbound.HookReceipt;
import dev.winback.webhooks.inbound.HookSource;
import dev.winback.webhooks.inbound.InboundWebhooks;
import dev.winback.webhooks.signing.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
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
 * {@code /api/v1/hooks/{source}}: inbound webhooks. Admins register a source and its secret; the source then posts
 * signed messages, which carry no credentials: the signature is the authentication.
 */
@Component(service = HookResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("hooks")
@Produces(MediaType.APPLICATION_JSON)
public class HookResource {
    /** As the rest of the API: far above any real message, far below what could hurt the heap. */
    static final int MAX_BODY = 1024 * 1024;

    @Reference
    InboundWebhooks inbound;

    @GET
    public List<HookSource> list(@Context SecurityContext security) {
        return inbound.list(WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{source}")
    public Response get(@PathParam("source") String source, @Context SecurityContext security) {
        HookSource found = inbound.get(source, WinbackRest.actor(security.getUserPrincipal()));
        return Response.ok(found).tag(VersionTags.tag(version(found))).build();
    }

    /** A source has no version column; the time of its last change serves, in microseconds. */
    static long version(HookSource source) {
        return source.updatedAt.getEpochSecond() * 1_000_000L + source.updatedAt.getNano() / 1_000;
    }

    /**
     * Registers the source (201, no If-Match) or replaces its secret (200, If-Match required: the ETag of GET, or
     * {@code *}). Body {@code {"secret": "whsec_..."}}; without a secret (or without a body) Winback generates one
     * and shows it in this answer only.
     */
    @PUT
    @Path("{source}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("source") String source, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            HookSource body, @Context SecurityContext security, @Context UriInfo uri) {
        Actor actor = WinbackRest.actor(security.getUserPrincipal());
        Optional<HookSource> existing = inbound.find(source, actor);
        if (existing.isPresent()) {
            Long expected = RequestParams.requiredIfMatchVersion(ifMatch, "hook source '" + source + "'");
            if (expected != null && expected != version(existing.get())) {
                throw new VersionMismatchException("Hook source '" + source + "' was changed since you read it",
                        version(existing.get()));
            }
        } else if (ifMatch != null && !ifMatch.isBlank()) {
            throw new NotFoundException("If-Match asks to replace hook source '" + source + "', which is not "
                    + "registered; send the PUT without If-Match to register it");
        }
        InboundWebhooks.Registration r = inbound.put(source, body, actor);
        return r.created() ? Response.created(uri.getRequestUri()).entity(r.source()).build()
                : Response.ok(r.source()).build();
    }

    /** Removes the source: its messages are refused (401) from then on. */
    @DELETE
    @Path("{source}")
    public Response delete(@PathParam("source") String source, @Context SecurityContext security) {
        inbound.delete(source, WinbackRest.actor(security.getUserPrincipal()));
        return Response.noContent().build();
    }

    /** A signed message from the source (Standard Webhooks); 200 with what it did. */
    @POST
    @Path("{source}")
    @PublicEndpoint
    public HookReceipt receive(@PathParam("source") String source,
            @HeaderParam(WebhookSignature.HEADER_ID) String id,
            @HeaderParam(WebhookSignature.HEADER_TIMESTAMP) String timestamp,
            @HeaderParam(WebhookSignature.HEADER_SIGNATURE) String signature, InputStream body) {
        return inbound.receive(source, id, timestamp, signature, read(body));
    }

    /**
     * The raw bytes: the signature covers them exactly as sent, so they are not parsed before it is checked. Bounded
     * while read, as the JSON reader bounds every other body: a chunked body has no length to refuse up front.
     */
    private static byte[] read(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = new BoundedInputStream(body, MAX_BODY)) {
            return in.readAllBytes();
        } catch (BoundedInputStream.LimitReached e) {
            throw new PayloadTooLargeException(MAX_BODY, "A webhook body may be at most " + MAX_BODY + " bytes");
        } catch (IOException e) {
            throw new InvalidInputException("body", "could not be read to its end");
        }
    }
}
