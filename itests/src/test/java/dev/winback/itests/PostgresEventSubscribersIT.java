package dev.winback.itests;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link EventSubscribersIT} on PostgreSQL, where transactions commit out of id order in earnest (identity values
 * come from a sequence outside the transaction): the late-commit tests there are the proof the issue asks for that
 * no subscriber skips an event that committed late; positions, gaps, leases and dead letters take the same SQL.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresEventSubscribersIT extends EventSubscribersIT {

    @Override
    protected Option[] databaseOptions() {
        return postgresDatabase();
    }
}
