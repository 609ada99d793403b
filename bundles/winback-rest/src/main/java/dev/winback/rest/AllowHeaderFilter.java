package dev.winback.rest;

import java.util.Set;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Puts the methods a path really allows into the {@code Allow} header of the runtime's automatic OPTIONS answer
 * (see {@link Routes}); the 405 answers get theirs from {@link HttpErrorMapper}.
 */
@Component(service = ContainerResponseFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
public class AllowHeaderFilter implements ContainerResponseFilter {

    @Reference
    ResourceCatalog catalog;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"OPTIONS".equals(request.getMethod()) || !response.getHeaders().containsKey("Allow")) {
            return;
        }
        Set<String> allowed = catalog.routes().allowedMethods(request.getUriInfo().getPath());
        if (!allowed.isEmpty()) {
            response.getHeaders().putSingle("Allow", String.join(", ", allowed));
        }
    }
}
