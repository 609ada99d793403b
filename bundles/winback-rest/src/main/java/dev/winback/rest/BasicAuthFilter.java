package dev.winback.rest;

import dev.winback.api.Actor;
import dev.winback.api.rest.PublicEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication against a Karaf JAAS realm for every Winback endpoint but the public ones (health, the
 * OpenAPI document, and the methods marked {@link PublicEndpoint}, which check a signature of their own). Answers 401
 * without valid credentials, 403 for a user who holds no Winback role, and 429 while a user name or a client address
 * is throttled after repeated failures ({@link LoginThrottle}). Failed and throttled logins go to Karaf's security
 * log ({@code data/log/security.log}).
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
                description = "How long a successful login is reused before JAAS is asked again; 0 disables. A "
                        + "change of the realm's users file (jaas:update) empties the cache at once")
        int credentialCacheSeconds() default 60;

        @AttributeDefinition(name = "Failed logins before throttling",
                description = "Failed logins for one user name, or from one client address, within the window "
                        + "after which further attempts are answered 429 until the oldest leaves it; 0 disables")
        int maxFailedLogins() default 10;

        @AttributeDefinition(name = "Failed-login window (seconds)",
                description = "The window over which failed logins are counted; also the longest a user waits")
        int failedLoginWindowSeconds() default 60;
    }

    private static final Logger SECURITY_LOG = LoggerFactory.getLogger(SecurityLog.LOGGER);

    // The realms decide which files hold the users: their state invalidates the credential cache.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<JaasRealm> realms;

    private final JaasAuthenticator authenticator;
    private final LoginThrottle throttle;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public BasicAuthFilter(Config config) {
        this.authenticator = new JaasAuthenticator(config.realm(),
                Duration.ofSeconds(Math.max(0, config.credentialCacheSeconds())), clock,
                () -> RealmFiles.stamp(realms, config.realm()));
        this.throttle = new LoginThrottle(config.maxFailedLogins(),
                Duration.ofSeconds(Math.max(1, config.failedLoginWindowSeconds())));
    }

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (PUBLIC_PATHS.contains(path) || QueryParameterFilter.matchedMethodIs(resourceInfo, PublicEndpoint.class)) {
            return;
        }
        Optional<String[]> credentials = credentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Optional<Actor> actor = Optional.empty();
        if (credentials.isPresent()) {
            String user = credentials.get()[0];
            String address = clientAddress();
            Instant now = clock.instant();
            Optional<Duration> wait = throttle.retryAfter(user, address, now);
            if (wait.isPresent()) {
                SECURITY_LOG.warn(SecurityLog.line(now, "login throttled", user, address));
                long seconds = Math.max(1, ProblemMapper.retryAfterSeconds(now, now.plus(wait.get())));
                request.abortWith(Problems.tooManyRequests("too-many-failed-logins", "Too many failed logins",
                        "Too many failed logins for this user or from this address; try again in " + seconds + " s",
                        request.getUriInfo().getRequestUri().getRawPath(), seconds));
                return;
            }
            actor = authenticator.authenticate(user, credentials.get()[1]);
            if (actor.isEmpty()) {
                throttle.failed(user, address, now);
                SECURITY_LOG.warn(SecurityLog.line(now, "login failed", user, address));
            } else {
                throttle.succeeded(user);
            }
        }
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

    /** The peer's address; a proxy's forwarding headers are not trusted, as any client can send them. */
    private String clientAddress() {
        try {
            return servletRequest == null ? null : servletRequest.getRemoteAddr();
        } catch (RuntimeException e) {
            // no servlet request behind this call (a test): count by user name only
            return null;
        }
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
