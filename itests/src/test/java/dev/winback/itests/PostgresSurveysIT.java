package dev.winback.itests;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link SurveysIT} on PostgreSQL: the reputation schema, the invitation lock that makes a link single-use and the
 * unique keys that make each invitation once-only take the same SQL on both databases.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresSurveysIT extends SurveysIT {

    @Override
    protected Option[] databaseOptions() {
        return postgresDatabase();
    }
}
