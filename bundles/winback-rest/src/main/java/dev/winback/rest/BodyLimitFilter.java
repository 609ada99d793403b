package dev.winback.rest;

import dev.winback.api.rest.StreamedBody;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Refuses a body whose declared Content-Length is over the limit before anything reads it; bodies without a
 * length are bounded while they are read (see {@link JsonMessageBodies}). A method marked {@link StreamedBody} (a
 * module's file upload) is exempt: it reads its body under a limit of its own.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        if (QueryParameterFilter.matchedMethodIs(resourceInfo, StreamedBody.class)) {
            return; // file uploads have their own, much larger, limit
        }
        if (request.getLength() > JsonMessageBodies.MAX_BODY_BYTES) {
            request.abortWith(HttpErrorMapper.toProblem(new BodyTooLargeException(JsonMessageBodies.MAX_BODY_BYTES),
                    request.getUriInfo().getRequestUri().getRawPath()));
        }
    }
}
