package dev.winback.rest;

import dev.winback.api.RecoveryCaseService;
import dev.winback.api.strategy.StrategyDescription;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/strategies}: the recovery strategies installed right now. */
@Component(service = StrategyResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("strategies")
@Produces(MediaType.APPLICATION_JSON)
public class StrategyResource {

    @Reference
    RecoveryCaseService cases;

    @GET
    public List<StrategyDescription> list(@Context SecurityContext security) {
        ActorPrincipal.of(security);
        return cases.strategies();
    }
}
