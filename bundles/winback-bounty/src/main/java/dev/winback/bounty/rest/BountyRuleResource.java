package dev.winback.bounty.rest;

import dev.winback.api.bounty.BountyRule;
import dev.winback.api.rest.WinbackRest;
import dev.winback.bounty.Roles;
import dev.winback.bounty.rules.RuleRegistry;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** {@code /api/v1/bounty-rules}: the rules installed now, for plan authors. */
@Component(service = BountyRuleResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("bounty-rules")
@Produces(MediaType.APPLICATION_JSON)
public class BountyRuleResource {

    @Reference
    RuleRegistry rules;

    @GET
    public List<Map<String, String>> list(@Context SecurityContext security) {
        Roles.user(WinbackRest.actor(security.getUserPrincipal()));
        return rules.installed().values().stream().sorted(Comparator.comparing(BountyRule::name)).map(r -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("version", r.version());
            m.put("description", r.description());
            m.put("feature", "winback-bounty-rule-" + r.name());
            return m;
        }).toList();
    }
}
