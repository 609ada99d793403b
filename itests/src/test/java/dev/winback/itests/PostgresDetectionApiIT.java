package dev.winback.itests;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link DetectionApiIT} on PostgreSQL: the same uploads, staging, set-based publish and per-customer GROUP BY,
 * which take other SQL there (ON CONFLICT, server-side cursors), must give the same counts and the same model.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresDetectionApiIT extends DetectionApiIT {

    @Override
    protected Option[] databaseOptions() {
        return postgresDatabase();
    }
}
