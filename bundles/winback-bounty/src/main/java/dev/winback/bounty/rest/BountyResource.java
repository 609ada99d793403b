package dev.winback.bounty.rest;

import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.Page;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import dev.winback.bounty.ledger.Accrual;
import dev.winback.bounty.ledger.BountyEntry;
import dev.winback.bounty.ledger.BountyLedger;
import dev.winback.bounty.ledger.EntryState;
import dev.winback.bounty.ledger.Explanation;
import dev.winback.bounty.ledger.Payout;
import dev.winback.bounty.ledger.PayrollLine;
import dev.winback.bounty.ledger.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/bounties}: the ledger. Reps see, explain and dispute their own entries; managers and admins see
 * all, approve, resolve disputes, pay out a period and export it for payroll.
 */
@Component(service = BountyResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("bounties")
@Produces(MediaType.APPLICATION_JSON)
public class BountyResource {
    static final String CSV = "text/csv";

    @Reference
    BountyLedger ledger;

    @GET
    public Page<BountyEntry> list(@QueryParam("rep") String rep, @QueryParam("period") String period,
            @QueryParam("state") String state, @QueryParam("case") String caseId, @QueryParam("page") String page,
            @QueryParam("size") String size, @Context SecurityContext security) {
        return ledger.find(RequestParams.text(rep), period, RequestParams.enumValue("state", state, EntryState.class),
                RequestParams.uuidQuery("case", caseId), RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 50), WinbackRest.actor(security.getUserPrincipal()));
    }

    /** One line per rep and currency of the period's approved and paid entries, for payroll. */
    @GET
    @Path("export.csv")
    @Produces(CSV)
    public Response export(@QueryParam("period") String period, @Context SecurityContext security) {
        String csv = ledger.payrollCsv(period, WinbackRest.actor(security.getUserPrincipal()));
        return Response.ok(csv, CSV + "; charset=UTF-8").header("Content-Disposition",
                "attachment; filename=\"bounties-" + period.strip() + ".csv\"").build();
    }

    /** The same as the export, as JSON. */
    @GET
    @Path("payroll")
    public List<PayrollLine> payroll(@QueryParam("period") String period, @Context SecurityContext security) {
        return ledger.payroll(period, WinbackRest.actor(security.getUserPrincipal()));
    }

    @POST
    @Path("payouts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Payout payout(BountyRequests.PayoutRequest body, @Context SecurityContext security) {
        return ledger.payout(body == null ? null : body.period, WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("statements/{rep}/{period}")
    public Statement statement(@PathParam("rep") String rep, @PathParam("period") String period,
            @Context SecurityContext security) {
        return ledger.statement(rep, period, WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("statements/{rep}/{period}")
    @Produces(CSV)
    public Response statementCsv(@PathParam("rep") String rep, @PathParam("period") String period,
            @Context SecurityContext security) {
        return Response.ok(ledger.statementCsv(rep, period, WinbackRest.actor(security.getUserPrincipal())),
                CSV + "; charset=UTF-8").build();
    }

    /** Accruals (managers): cases waiting for a rule, and cases a plan covers but does not pay for, with why. */
    @GET
    @Path("accruals")
    public List<Accrual> accruals(@QueryParam("status") String status, @QueryParam("case") String caseId,
            @QueryParam("page") String page, @QueryParam("size") String size, @Context SecurityContext security) {
        int pageSize = RequestParams.integer("size", size, 50);
        if (pageSize < 1 || pageSize > 500) {
            throw new InvalidInputException("size", "must be from 1 to 500");
        }
        return ledger.accruals(RequestParams.enumValue("status", status, Accrual.Status.class),
                RequestParams.uuidQuery("case", caseId), Math.max(0, RequestParams.integer("page", page, 0)),
                pageSize, WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id: [^/.]+}")
    public BountyEntry get(@PathParam("id") String id, @Context SecurityContext security) {
        return ledger.get(RequestParams.pathId("bounty", id), WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id: [^/.]+}/explain")
    public Explanation explain(@PathParam("id") String id, @Context SecurityContext security) {
        return ledger.explain(RequestParams.pathId("bounty", id), WinbackRest.actor(security.getUserPrincipal()));
    }

    /** Every state the entry was in, oldest first. */
    @GET
    @Path("{id: [^/.]+}/history")
    public List<Map<String, String>> history(@PathParam("id") String id, @Context SecurityContext security) {
        return ledger.history(RequestParams.pathId("bounty", id), WinbackRest.actor(security.getUserPrincipal()))
                .stream().map(row -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("at", row[0]);
                    m.put("actor", row[1]);
                    m.put("from", row[2]);
                    m.put("to", row[3]);
                    m.put("note", row[4]);
                    return m;
                }).toList();
    }

    @POST
    @Path("{id: [^/.]+}/approve")
    public BountyEntry approve(@PathParam("id") String id, @Context SecurityContext security) {
        return ledger.approve(RequestParams.pathId("bounty", id), WinbackRest.actor(security.getUserPrincipal()));
    }

    @POST
    @Path("{id: [^/.]+}/dispute")
    @Consumes(MediaType.APPLICATION_JSON)
    public BountyEntry dispute(@PathParam("id") String id, BountyRequests.Dispute body,
            @Context SecurityContext security) {
        return ledger.dispute(RequestParams.pathId("bounty", id), body == null ? null : body.reason,
                WinbackRest.actor(security.getUserPrincipal()));
    }

    /** The disputed entry and, for ADJUST, the adjusting entry. */
    @POST
    @Path("{id: [^/.]+}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<BountyEntry> resolve(@PathParam("id") String id, BountyRequests.Resolution body,
            @Context SecurityContext security) {
        BountyRequests.Resolution r = body == null ? new BountyRequests.Resolution() : body;
        return ledger.resolve(RequestParams.pathId("bounty", id), r.decision, r.amount, r.note,
                WinbackRest.actor(security.getUserPrincipal()));
    }
}
