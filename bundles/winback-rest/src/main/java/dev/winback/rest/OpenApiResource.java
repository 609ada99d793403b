package dev.winback.rest;

import com.fasterxml.jackson.databind.JsonNode;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 description of this API as installed: the core's document and the
 * parts of the installed modules (see {@link ResourceCatalog}). Each part is written by hand next to its resources;
 * the core's {@code OpenApiDocumentTest} and each module's own test fail the build when a resource method and its
 * document disagree.
 */
@Component(service = OpenApiResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("openapi.json")
public class OpenApiResource {

    @Reference
    ResourceCatalog catalog;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode document() {
        return catalog.document();
    }
}
