package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins through Karaf's real properties login module, with the credential cache on. */
class JaasAuthenticatorTest {
    private static final String REALM = "winback-test";

    @TempDir
    Path dir;

    private Path users;
    private Configuration previous;
    private JaasAuthenticator authenticator;

    @BeforeEach
    void realm() throws IOException {
        users = dir.resolve("users.properties");
        write("alice = s3cret,winback-rep");
        previous = Configuration.getConfiguration();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return !REALM.equals(name) ? null : new AppConfigurationEntry[] {new AppConfigurationEntry(
                        PropertiesLoginModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("users", users.toString()))};
            }
        });
        authenticator = new JaasAuthenticator(REALM, Duration.ofMinutes(10), Clock.systemUTC(),
                () -> RealmFiles.stamp(Set.of(users)));
    }

    @AfterEach
    void restore() {
        Configuration.setConfiguration(previous);
    }

    private void write(String... lines) throws IOException {
        Files.write(users, List.of(lines));
    }

    @Test
    void aChangedPasswordCountsAtTheNextLoginThoughTheOldOneWasCached() throws IOException {
        assertEquals(Set.of("winback-rep"), authenticator.authenticate("alice", "s3cret").map(Actor::roles)
                .orElseThrow());
        FileTime before = Files.getLastModifiedTime(users);

        write("alice = n3wone,winback-rep");
        // Same size and time: the cache cannot tell, which shows it is in use.
        Files.setLastModifiedTime(users, before);
        assertTrue(authenticator.authenticate("alice", "s3cret").isPresent(), "served from the cache");

        Files.setLastModifiedTime(users, FileTime.fromMillis(before.toMillis() + 1_000));
        assertTrue(authenticator.authenticate("alice", "s3cret").isEmpty(), "old password after the change");
        assertTrue(authenticator.authenticate("alice", "n3wone").isPresent());
    }

    @Test
    void aRemovedUserIsRefusedAtOnce() throws IOException {
        assertTrue(authenticator.authenticate("alice", "s3cret").isPresent());
        write("bob = b0b,winback-rep");
        assertTrue(authenticator.authenticate("alice", "s3cret").isEmpty());
    }

    @Test
    void aWrongPasswordIsNeverCached() throws IOException {
        assertTrue(authenticator.authenticate("alice", "wrong").isEmpty());
        assertTrue(authenticator.authenticate("alice", "s3cret").isPresent());
        assertTrue(authenticator.authenticate("alice", "wrong").isEmpty());
    }
}
