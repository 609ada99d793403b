package dev.winback.rest;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.HttpHeaders;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Headers every API answer carries, errors and refusals included: {@code X-Content-Type-Options: nosniff}, so a
 * browser never reads a JSON answer as a script or a page, and {@code Cache-Control: no-store}, because the answers
 * hold customer data that no shared or browser cache should keep. No CORS header is ever added: the API is closed to
 * pages of other origins.
 */
@Component(service = ContainerResponseFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
public class SecurityHeadersFilter implements ContainerResponseFilter {
    static final String NOSNIFF = "nosniff";
    static final String NO_STORE = "no-store";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Content-Type-Options", NOSNIFF);
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, NO_STORE);
        response.getHeaders().remove("Access-Control-Allow-Origin");
        response.getHeaders().remove("Access-Control-Allow-Credentials");
    }
}
