package dev.winback.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.winback.api.AccessDeniedException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.AuditQuery;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.store.AuditTrail;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;
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
 * {@code GET /api/v1/audit}: the audit trail, for admins only, newest first in keyset pages ({@code before} = the
 * last id of the page read; the {@code Link: rel="next"} header carries it). Read-only: the trail is written by the
 * changes themselves and no method here changes it.
 */
@Component(service = AuditResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final int MAX_LIMIT = 200;

    @Reference
    AuditTrail trail;

    @GET
    public Response read(@QueryParam("entityType") String entityType, @QueryParam("entityId") String entityId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("before") String before,
            @QueryParam("limit") String limit, @Context SecurityContext security, @Context UriInfo uri) {
        if (!ActorPrincipal.of(security).isAdmin()) {
            throw new AccessDeniedException("The audit trail is for admins (role winback-admin)");
        }
        AuditQuery query = query(entityType, entityId, from, to, before, limit);
        List<AuditEntry> entries = trail.read(query);
        AuditPage page = new AuditPage();
        page.items = entries.stream().map(AuditRecord::of).collect(Collectors.toList());
        Response.ResponseBuilder response = Response.ok(page);
        if (entries.size() == query.limit) {
            page.next = entries.get(entries.size() - 1).id;
            URI next = UriBuilder.fromUri(uri.getRequestUri()).replaceQueryParam("before", page.next).build();
            response.header("Link", "<" + next.getRawPath() + "?" + next.getRawQuery() + ">; rel=\"next\"");
        }
        return response.build();
    }

    static AuditQuery query(String entityType, String entityId, String from, String to, String before,
            String limit) {
        AuditQuery query = new AuditQuery();
        query.entityType = bounded("entityType", entityType, 32);
        query.entityId = bounded("entityId", entityId, 64);
        query.from = time("from", from, false);
        query.to = time("to", to, true);
        if (query.from != null && query.to != null && !query.from.isBefore(query.to)) {
            throw new InvalidInputException("to", "must be after from (" + from + ")");
        }
        long cursor = RequestParams.whole("before", before, 0);
        if (RequestParams.text(before) != null && cursor <= 0) {
            throw new InvalidInputException("before", "must be an entry id from the last page, a positive number");
        }
        query.before = cursor > 0 ? cursor : null;
        query.limit = RequestParams.integer("limit", limit, 50);
        if (query.limit < 1 || query.limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT + " (got " + limit + ")");
        }
        return query;
    }

    private static String bounded(String name, String value, int max) {
        String text = RequestParams.text(value);
        if (text != null && text.length() > max) {
            throw new InvalidInputException(name, "must be at most " + max + " characters long");
        }
        return text;
    }

    /**
     * An ISO-8601 instant, or a date: {@code from} then means the start of that day (UTC) and {@code to} its end,
     * so that {@code from=2026-11-01&to=2026-11-30} is the whole of November.
     */
    static Instant time(String name, String value, boolean endOfDay) {
        String text = RequestParams.text(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new InvalidInputException(name, "must be an ISO instant such as 2026-11-23T09:00:00Z or a "
                        + "date such as 2026-11-23 (got '" + text + "')");
            }
        }
    }

    /** A page of the trail; {@code next} is the {@code before} of the following page, absent on the last. */
    public static class AuditPage {
        public List<AuditRecord> items;
        public Long next;
    }

    /** An entry as the API shows it: the entity before and after as JSON objects, not as text holding JSON. */
    public static class AuditRecord {
        public long id;
        public Instant at;
        public String actor;
        public String entityType;
        public String entityId;
        public String action;
        @JsonRawValue
        public String before;
        @JsonRawValue
        public String after;

        static AuditRecord of(AuditEntry e) {
            AuditRecord r = new AuditRecord();
            r.id = e.id;
            r.at = e.at;
            r.actor = e.actor;
            r.entityType = e.entityType;
            r.entityId = e.entityId;
            r.action = e.action;
            r.before = e.before;
            r.after = e.after;
            return r;
        }
    }
}
