package dev.winback.detect.runs;

import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.detect.RfmRule;
import dev.winback.api.store.PurchaseStore;
import dev.winback.core.CaseEngine;
import dev.winback.core.StrategyRegistry;
import dev.winback.core.TeamDirectory;
import dev.winback.store.jdbc.JdbcTeamStore;
import dev.winback.detect.Await;
import dev.winback.detect.Configs;
import dev.winback.detect.StoreFixture;
import dev.winback.detect.imports.TransactionImports;
import dev.winback.detect.model.CdnowSample;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.osgi.framework.BundleContext;

/**
 * Detection wired as in Karaf: the real stores over H2, the real import service and case engine (with no strategy
 * installed, so cases open without steps), and the clock pinned to a day in 2026.
 */
final class DetectionFixture implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(LocalDate.of(2026, 11, 23).atTime(9, 0).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);
    static final String NODE = "node-a";
    static final DetectionSettings SETTINGS = new DetectionSettings(0.3, List.of(RfmRule.noPurchaseInDays(365)),
            "other", 52);

    final StoreFixture stores = new StoreFixture();
    final CaseEngine engine;
    final TransactionImports imports;
    LapsedCustomerDetection detection;

    DetectionFixture(Path work) {
        this(work, UnaryOperator.identity());
    }

    /** @param purchases wraps the real purchase store for detection (to make it wait, say) */
    DetectionFixture(Path work, UnaryOperator<PurchaseStore> purchases) {
        // The registry asks the context for the system bundle only to pause cases on hot-swap.
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> null);
        StrategyRegistry strategies = new StrategyRegistry(stores.cases, context);
        engine = new CaseEngine(stores.cases, stores.customers, stores.lossReasons, stores.purchases,
                new TeamDirectory(new JdbcTeamStore(stores.db)), strategies, Configs.defaults(CaseEngine.Config.class));
        imports = new TransactionImports(stores.jobs, stores.purchases, Configs.of(TransactionImports.Config.class,
                Map.of("workDirectory", work.toString())));
        detection = new LapsedCustomerDetection(stores.runs, purchases.apply(stores.purchases),
                stores.customers, stores.lossReasons, engine, SETTINGS, CLOCK, NODE);
    }

    /** Imports the CDNOW sample as the shell would, and waits for it. */
    ImportJob importCdnow() {
        return importFile(CdnowSample.importRequest(), CdnowSample.location());
    }

    ImportJob importFile(ImportRequest request, Path file) {
        ImportJob queued = imports.submitFile(request, file, StoreFixture.ADMIN);
        ImportJob done = Await.until(() -> stores.jobs.find(queued.id), j -> j.status.isFinal(), "import");
        if (done.status != ImportStatus.COMPLETED) {
            throw new AssertionError("import " + done.status + ": " + done.failure);
        }
        return done;
    }

    @Override
    public void close() {
        detection.stop();
        imports.stop();
    }
}
