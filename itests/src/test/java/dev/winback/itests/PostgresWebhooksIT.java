package dev.winback.itests;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link WebhooksIT} on PostgreSQL: the module's migrations, the delivery queue's claims (FOR UPDATE SKIP LOCKED)
 * and the inbound replay record take the same SQL on both databases.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresWebhooksIT extends WebhooksIT {

    @Override
    protected Option[] databaseOptions() {
        return postgresDatabase();
    }
}
