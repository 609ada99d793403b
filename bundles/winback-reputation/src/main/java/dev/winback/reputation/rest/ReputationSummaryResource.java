package dev.winback.reputation.rest;

import dev.winback.api.rest.WinbackRest;
import dev.winback.reputation.summary.ReputationSummaries;
import dev.winback.reputation.summary.ReputationSummary;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/reputation/summary}: NPS, bands, moves, closing the loop, rescue, the recovery paradox,
 * word-of-mouth reach and advocacy of a window, for every Winback user. Scores and bands cannot be filtered: the
 * figures always include every negative answer.
 */
@Component(service = ReputationSummaryResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("reputation/summary")
@Produces(MediaType.APPLICATION_JSON)
public class ReputationSummaryResource {

    @Reference
    ReputationSummaries summaries;

    @GET
    public ReputationSummary summary(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("segment") String segment, @QueryParam("strategy") String strategy,
            @QueryParam("unhappyTells") String unhappyTells, @QueryParam("happyTells") String happyTells,
            @Context SecurityContext security) {
        return summaries.summarize(summaries.query(from, to, segment, strategy, unhappyTells, happyTells),
                WinbackRest.actor(security.getUserPrincipal()));
    }
}
