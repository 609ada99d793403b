package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 file database, as the distribution runs it, writes every commit to its file before the commit
 * returns once Winback has started on it, and keeps that setting for the next start. (That a killed Karaf keeps
 * every acknowledged write is shown by the system test CrashIT.)
 */
class H2DurableCommitTest {

    @Test
    void startingWinbackTurnsOffH2sWriteDelayForGood(@TempDir Path folder) throws Exception {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL("jdbc:h2:file:" + folder.resolve("db"));
        assertEquals("500", writeDelay(file), "H2's default, which loses the last half second when killed");

        WinbackDatabase database = new WinbackDatabase(file);
        database.activate();
        assertEquals("0", writeDelay(file));

        try (Connection c = file.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        assertEquals("0", writeDelay(file), "not kept in the database");
    }

    private static String writeDelay(JdbcDataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
