package dev.winback.rest;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Keeps pages of other sites from changing data with a signed-in user's credentials (cross-site request forgery).
 * A browser sends a cross-site POST without asking first only with a "simple" content type (text/plain, a form
 * encoding) or with no body; so a state-changing request with one of those content types is refused with 415, and
 * one whose {@code Origin} is another site (or the opaque {@code null}) with 403. Clients other than browsers send
 * no {@code Origin} and are not affected. Runs before authentication, so a forged request never counts as a failed
 * login either. It runs before the request is matched to a resource, so the answer is the same whatever the
 * resource would accept.
 */
@PreMatching
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Priority(Priorities.AUTHENTICATION - 100)
public class CrossSiteRequestFilter implements ContainerRequestFilter {
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** The content types a browser sends cross-site without a preflight (the Fetch standard's CORS-safelisted ones). */
    static final Set<String> SIMPLE_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data");

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return;
        }
        String instance = request.getUriInfo().getRequestUri().getRawPath();
        MediaType type = request.getMediaType();
        if (type != null && isSimple(type)) {
            request.abortWith(Problems.response(415, "unsupported-media-type", "Unsupported media type",
                    "Content-Type " + type.getType() + "/" + type.getSubtype() + " is not accepted for " + request
                            .getMethod() + " here, since any web page could send it; send the body as JSON "
                            + "(application/json) or, for uploads, with its own type (text/csv, "
                            + "application/x-ndjson)", instance, null));
            return;
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && !sameOrigin(origin, request.getUriInfo().getBaseUri())) {
            request.abortWith(Problems.response(403, "cross-site-request", "Cross-site request refused",
                    "A page of another site (Origin " + abbreviate(origin) + ") may not change data here",
                    instance, null));
        }
    }

    static boolean isSimple(MediaType type) {
        return SIMPLE_TYPES.contains((type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT));
    }

    /** True when the Origin header names the scheme, host and port the request came to. */
    static boolean sameOrigin(String origin, URI base) {
        URI o;
        try {
            o = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null || base == null) {
            return false;
        }
        return o.getScheme().equalsIgnoreCase(base.getScheme()) && o.getHost().equalsIgnoreCase(base.getHost())
                && port(o) == port(base);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return SecurityLog.escaped(shown);
    }
}
