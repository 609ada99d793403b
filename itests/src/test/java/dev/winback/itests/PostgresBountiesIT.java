package dev.winback.itests;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link BountiesIT} on PostgreSQL: the bounty schema, the row locks that make each entry once-only and the payroll
 * sums take the same SQL on both databases.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresBountiesIT extends BountiesIT {

    @Override
    protected Option[] databaseOptions() {
        return postgresDatabase();
    }
}
