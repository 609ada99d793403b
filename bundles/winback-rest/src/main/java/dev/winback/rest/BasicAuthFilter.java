package dev.winback.rest;

import dev.winback.api.Actor;
import dev.winback.api.rest.PublicEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * HTTP Basic authentication against a Karaf JAAS realm for every Winback endpoint but the public ones (health, the
 * OpenAPI document, and the methods marked {@link PublicEndpoint}, which check a signature of their own). Answers 401 without valid credentials and 403 for a user who holds no Winback role.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = "dev.winback.rest.auth")
@Designate(ocd = BasicAuthFilter.Config.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Priority(Priorities.AUTHENTICATION)
public class BasicAuthFilter implements ContainerRequestFilter {
    static final Set<String> PUBLIC_PATHS = Set.of("health", "openapi.json");

    @ObjectClassDefinition(name = "Winback REST authentication",
            description = "How the REST API checks HTTP Basic credentials")
    public @interface Config {
        @AttributeDefinition(name = "JAAS realm", description = "Karaf JAAS realm that checks user and password")
        String realm() default "karaf";

        @AttributeDefinition(name = "Credential cache (seconds)",
                description = "How long a successful login is reused before JAAS is asked again; 0 disables")
        int credentialCacheSeconds() default 60;
    }

    private final JaasAuthenticator authenticator;

    @Activate
    public BasicAuthFilter(Config config) {
        this.authenticator = new JaasAuthenticator(config.realm(),
                Duration.ofSeconds(Math.max(0, config.credentialCacheSeconds())), Clock.systemUTC());
    }

    @Context
    ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (PUBLIC_PATHS.contains(path) || QueryParameterFilter.matchedMethodIs(resourceInfo, PublicEndpoint.class)) {
            return;
        }
        Optional<Actor> actor = credentials(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .flatMap(c -> authenticator.authenticate(c[0], c[1]));
        if (actor.isEmpty()) {
            request.abortWith(Response.fromResponse(Problems.response(401, "unauthorized", "Unauthorized",
                    "Send HTTP Basic credentials of a Winback user", request.getUriInfo().getRequestUri()
                            .getRawPath(), null))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Winback\", charset=\"UTF-8\"").build());
            return;
        }
        if (!actor.get().isWinbackUser()) {
            request.abortWith(Problems.response(403, "forbidden", "Forbidden",
                    "User '" + actor.get().name() + "' has none of the roles winback-admin, winback-manager, "
                            + "winback-rep", request.getUriInfo().getRequestUri().getRawPath(), null));
            return;
        }
        request.setSecurityContext(ActorPrincipal.context(actor.get(),
                request.getSecurityContext() != null && request.getSecurityContext().isSecure()));
    }

    /** user and password from a Basic Authorization header, or empty if there is none or it is malformed. */
    static Optional<String[]> credentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }
}
