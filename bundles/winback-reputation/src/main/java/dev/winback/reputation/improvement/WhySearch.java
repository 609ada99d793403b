package dev.winback.reputation.improvement;

import static dev.winback.api.store.ModuleDatabase.instant;

import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.Page;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.reputation.Paging;
import dev.winback.reputation.Roles;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The documented whys of every case, searchable by loss reason and by words of the statement, so a manager finds
 * what customers said before recording what we did about it. Reps see the whys of the cases they own.
 */
@Component(service = WhySearch.class)
public class WhySearch {
    static final int MAX_QUERY = 200;

    private final ModuleDatabase db;

    @Activate
    public WhySearch(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=reputation)") ModuleSchema schema) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()));
    }

    public WhySearch(ModuleDatabase db) {
        this.db = db;
    }

    /**
     * Newest first.
     *
     * @param lossReason only whys mapped to this loss-reason code, or null
     * @param text only whys whose statement contains this text, ignoring case, or null
     */
    public Page<DocumentedWhy> find(String lossReason, String text, int page, int size, Actor actor) {
        Roles.user(actor);
        Paging.check(page, size);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (lossReason != null) {
            where.add("w.loss_reason = ?");
            params.add(lossReason);
        }
        if (text != null) {
            if (text.length() > MAX_QUERY) {
                throw new InvalidInputException("q", "must be at most " + MAX_QUERY + " characters");
            }
            where.add("LOWER(w.statement) LIKE ? ESCAPE '!'");
            params.add("%" + text.toLowerCase(Locale.ROOT).replaceAll("([!%_])", "!$1") + "%");
        }
        if (!actor.seesAllCases()) {
            where.add("rc.owner_rep = ?");
            params.add(actor.name());
        }
        return db.transaction("searching the documented whys", c -> JdbcImprovementStore.page(c, "SELECT w.id,"
                + " w.case_id, rc.customer_id, w.statement, w.loss_reason, w.fixable, w.already_fixed, w.recorded_by,"
                + " w.recorded_at", " FROM case_whys w JOIN recovery_cases rc ON rc.id = w.case_id", where, params,
                " ORDER BY w.recorded_at DESC, w.id", WhySearch::why, page, size));
    }

    private static DocumentedWhy why(ResultSet rs) throws SQLException {
        DocumentedWhy why = new DocumentedWhy();
        why.id = rs.getObject("id", UUID.class);
        why.caseId = rs.getObject("case_id", UUID.class);
        why.customerId = rs.getObject("customer_id", UUID.class);
        why.statement = rs.getString("statement");
        why.lossReason = rs.getString("loss_reason");
        why.fixable = rs.getBoolean("fixable");
        why.alreadyFixed = rs.getBoolean("already_fixed");
        why.recordedBy = rs.getString("recorded_by");
        why.recordedAt = instant(rs, "recorded_at");
        return why;
    }
}
