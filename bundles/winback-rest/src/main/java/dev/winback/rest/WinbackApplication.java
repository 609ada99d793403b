package dev.winback.rest;

import dev.winback.api.rest.WinbackRest;
import javax.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * The JAX-RS application every Winback resource and extension selects. Having our own application (rather than
 * the whiteboard's default) keeps our JSON provider, problem mappers and authentication filter from touching
 * other applications in the same Karaf, such as the host CRM's own REST endpoints.
 */
@Component(service = Application.class)
@JaxrsApplicationBase(WinbackApplication.BASE)
@JaxrsName(WinbackApplication.NAME)
public class WinbackApplication extends Application {
    static final String NAME = WinbackRest.APPLICATION_NAME;
    static final String BASE = "api/v1";
    /** Filter for {@code @JaxrsApplicationSelect} on our resources and extensions. */
    static final String SELECT = WinbackRest.APPLICATION_SELECT;
}
