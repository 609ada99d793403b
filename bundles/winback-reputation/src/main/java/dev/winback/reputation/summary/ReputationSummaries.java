package dev.winback.reputation.summary;

import dev.winback.api.Actor;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.Roles;
import dev.winback.reputation.summary.ReputationSummary.WordOfMouth;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The reputation summary of a window: reads the answers, complaints, advocacy and the core's cases and purchases,
 * and writes nothing. Each figure is aggregated in the database (a few statements in one transaction, whatever the
 * number of answers), so the summary scales with the database, not the JVM heap.
 */
@Component(service = ReputationSummaries.class, configurationPid = ReputationSettings.PID)
public class ReputationSummaries {
    static final String SETTINGS = "SETTINGS";
    static final String REQUEST = "REQUEST";

    private final ModuleDatabase db;
    private final ReputationSettings settings;
    private final Clock clock;

    @Activate
    public ReputationSummaries(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=reputation)") ModuleSchema schema,
            ReputationSettings settings) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), settings, Clock.systemUTC());
    }

    /** {@code clock} says what today is (the default window) and which uncontacted complaints are overdue. */
    public ReputationSummaries(ModuleDatabase db, ReputationSettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The query of a request's parameters (text, null when absent), with today by this component's clock.
     *
     * @see SummaryQuery#parse
     */
    public SummaryQuery query(String from, String to, String segment, String strategy, String unhappyTells,
            String happyTells) {
        return SummaryQuery.parse(from, to, segment, strategy, unhappyTells, happyTells, clock);
    }

    /** The figures of {@code query}; every Winback user may read them. */
    public ReputationSummary summarize(SummaryQuery query, Actor actor) {
        Roles.user(actor);
        ReputationSummary s = new ReputationSummary();
        s.from = query.from;
        s.to = query.to;
        s.segment = query.segment;
        s.strategy = query.strategy;
        db.transaction("summarizing reputation", c -> {
            withoutJit(c);
            SummaryScope scope = SummaryScope.of(c, query, clock.instant());
            AnswerFigures.read(c, scope, settings, s);
            CloseTheLoopFigures.read(c, scope, s.closeTheLoop);
            ParadoxFigures.read(c, scope, settings, s.recoveryParadox);
            AdvocacyFigures.read(c, scope, s.advocacy);
            return null;
        });
        wordOfMouth(s, query);
        return s;
    }

    /**
     * PostgreSQL compiles the answers' query with its JIT because of the query's size, which takes about half a
     * second, more than the JIT then saves; the summary turns it off for its own transaction. H2 has no JIT.
     */
    private static void withoutJit(Connection c) throws SQLException {
        if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL jit = off");
            }
        }
    }

    /** Reach from the bands and the recovered moves, by the request's multipliers or the configured ones. */
    private void wordOfMouth(ReputationSummary s, SummaryQuery query) {
        WordOfMouth w = s.wordOfMouth;
        w.unhappyTells = BigDecimal.valueOf(query.unhappyTells != null ? query.unhappyTells : settings.unhappyTells());
        w.happyTells = BigDecimal.valueOf(query.happyTells != null ? query.happyTells : settings.happyTells());
        w.multipliers = query.unhappyTells == null && query.happyTells == null ? SETTINGS : REQUEST;
        w.negativeReach = w.unhappyTells.multiply(BigDecimal.valueOf(s.bands.detractors));
        w.positiveReach = w.happyTells.multiply(BigDecimal.valueOf(s.bands.promoters));
        w.netReach = w.positiveReach.subtract(w.negativeReach);
        // A detractor who turned passive stopped telling bad news; one who turned promoter also tells good news.
        ReputationSummary.Move recovered = s.moves.wentThroughRecovery;
        w.netReachRecovered = w.unhappyTells.multiply(BigDecimal.valueOf(recovered.toPassive))
                .add(w.unhappyTells.add(w.happyTells).multiply(BigDecimal.valueOf(recovered.toPromoter)));
    }
}
