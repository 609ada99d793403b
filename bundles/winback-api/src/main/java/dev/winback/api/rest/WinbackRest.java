package dev.winback.api.rest;

import dev.winback.api.Actor;
import java.security.Principal;

/**
 * How a module's bundle joins the Winback REST API. A resource or extension registers itself on the OSGi JAX-RS
 * whiteboard with {@code @JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)}; it then lives under
 * {@value #BASE_PATH}, behind the same authentication, JSON provider and problem+json error mapping as the core
 * resources, and goes away with its bundle (a request to its paths answers 404).
 *
 * <p>Errors: throw the exceptions of {@code dev.winback.api} ({@code InvalidInputException} 400,
 * {@code UnauthenticatedException} 401, {@code AccessDeniedException} 403, {@code NotFoundException} 404,
 * {@code ConflictException} 409, {@code UnprocessableException} 422, ...); the application turns each into
 * {@code application/problem+json} with the message as its {@code detail}. Anything else is logged and answered
 * with a 500 that shows nothing of it.
 *
 * <p>The OpenAPI document: a bundle names its part with the manifest header {@value #OPENAPI_HEADER} (a path in
 * the bundle to an OpenAPI 3 JSON document with {@code paths} relative to {@value #BASE_PATH} and, optionally,
 * {@code components.schemas} and {@code tags}); {@code GET /api/v1/openapi.json} merges the parts of the bundles
 * that are active.
 */
public final class WinbackRest {
    /** {@code osgi.jaxrs.name} of the Winback application. */
    public static final String APPLICATION_NAME = "winback";
    /** The filter for {@code @JaxrsApplicationSelect} on a module's resources and extensions. */
    public static final String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";
    /** Where the application lives on the HTTP server. */
    public static final String BASE_PATH = "/api/v1";
    /** Manifest header naming a bundle's part of the OpenAPI document. */
    public static final String OPENAPI_HEADER = "Winback-OpenAPI";
    /** Media type of every error answer. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private WinbackRest() {
    }

    /**
     * The authenticated actor of a request, from {@code SecurityContext.getUserPrincipal()}; every resource method
     * but a {@link PublicEndpoint} has one.
     *
     * @throws IllegalStateException when the request was not authenticated by Winback
     */
    public static Actor actor(Principal principal) {
        if (principal instanceof ActorPrincipal) {
            return ((ActorPrincipal) principal).actor();
        }
        throw new IllegalStateException("No authenticated Winback actor on this request");
    }
}
