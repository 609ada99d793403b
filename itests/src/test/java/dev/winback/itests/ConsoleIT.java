package dev.winback.itests;

import static org.junit.Assert.fail;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The standard Karaf console over SSH, as an admin reaches it with {@code ssh -p 8101 admin@host}: the demo admin
 * gets a shell and sees Winback's features; a rep, who has no Karaf role, is refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT extends WinbackTestSupport {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static String run(String user, String password, String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        // The test container makes a new host key on every boot; nothing to pin.
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect(user, "127.0.0.1",
                Integer.getInteger("winback.itest.sshPort", 8101)).verify(TIMEOUT).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            return session.executeRemoteCommand(command);
        } finally {
            client.stop();
        }
    }

    @Test
    public void adminRunsConsoleCommandsOverSsh() throws IOException {
        String features = run("admin", "admin", "feature:list -i");
        for (String feature : new String[] {"winback ", "winback-core", "winback-rest", "winback-store-h2"}) {
            assertTrue(feature + " in " + features, features.contains(feature));
        }
        String bundles = run("admin", "admin", "bundle:list -s");
        assertTrue(bundles, bundles.matches("(?s).*Active.*winback-rest.*"));
    }

    @Test
    public void usersWithoutAKarafRoleGetNoConsole() {
        assertRefused("rep1", "rep1");
        assertRefused("admin", "wrong");
    }

    // The container's JUnit (4.12, from Pax Exam) has no assertThrows.
    private static void assertRefused(String user, String password) {
        try {
            String output = run(user, password, "feature:list -i");
            fail(user + " got a console: " + output);
        } catch (IOException expected) {
            // authentication failed, as it should
        }
    }
}
