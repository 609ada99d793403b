package dev.winback.rest;

import dev.winback.api.event.EventLog;
import dev.winback.api.event.EventPage;
import dev.winback.api.event.EventQuery;
import dev.winback.api.rest.RequestParams;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/events}: the durable event log, read forwards from a cursor (admins only). A full page carries a
 * {@code Link: <...>; rel="next"} header to the page after it; a short page means the reader has caught up, and
 * asking again later with the same {@code next} returns what has been written since.
 */
@Component(service = EventResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    @Reference
    EventLog log;

    @GET
    public Response read(@QueryParam("after") String after, @QueryParam("type") List<String> type,
            @QueryParam("limit") String limit, @Context SecurityContext security, @Context UriInfo uri) {
        EventQuery query = query(after, type, limit);
        EventPage page = log.read(query, ActorPrincipal.of(security));
        Response.ResponseBuilder response = Response.ok(page);
        if (page.items != null && !page.items.isEmpty() && page.items.size() >= query.limit) {
            response.header("Link", "<" + next(uri.getRequestUri(), page.next) + ">; rel=\"next\"");
        }
        return response.build();
    }

    static EventQuery query(String after, List<String> type, String limit) {
        EventQuery query = new EventQuery();
        query.after = RequestParams.whole("after", after, 0);
        query.limit = RequestParams.integer("limit", limit, query.limit);
        query.types = types(type);
        return query;
    }

    /** {@code type} may repeat and each may list several, comma-separated: {@code type=a&type=b,c}. */
    static List<String> types(List<String> values) {
        List<String> types = new ArrayList<>();
        if (values == null) {
            return types;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                String t = part.strip();
                if (!t.isEmpty() && !types.contains(t)) {
                    types.add(t);
                }
            }
        }
        return types;
    }

    /** The request's own path and query with {@code after} moved on: same types, same limit. */
    static String next(URI request, long next) {
        URI uri = UriBuilder.fromUri(request).replaceQueryParam("after", next).build();
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
