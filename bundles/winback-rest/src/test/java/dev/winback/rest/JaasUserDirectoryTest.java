package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The realm's users through Karaf's real properties backing engine, as the distribution's realm has them. */
class JaasUserDirectoryTest {
    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-11-23T09:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private Path users(String... lines) throws IOException {
        Path file = dir.resolve("users.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    private static JaasRealm realm(String name, int rank, Path usersFile) {
        AppConfigurationEntry entry = new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(
                        ProxyLoginModule.PROPERTY_MODULE, PropertiesLoginModule.class.getName(),
                        "users", usersFile.toString()));
        return new JaasRealm() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getRank() {
                return rank;
            }

            @Override
            public AppConfigurationEntry[] getEntries() {
                return new AppConfigurationEntry[] {entry};
            }
        };
    }

    private JaasUserDirectory directory(List<JaasRealm> realms) {
        JaasUserDirectory directory = new JaasUserDirectory("karaf", clock);
        directory.realms = realms;
        directory.engineFactories = List.<BackingEngineFactory>of(new PropertiesBackingEngineFactory());
        return directory;
    }

    @Test
    void rolesIncludeThoseOfTheUsersGroups() throws IOException {
        JaasUserDirectory directory = directory(List.of(realm("karaf", 0, users(
                "admin = admin,_g_:admingroup,winback-admin",
                "_g_\\:admingroup = group,admin,manager,viewer",
                "rep1 = rep1,winback-rep",
                "viewer = viewer,viewer",
                "manager2 = secret,_g_:managers",
                "_g_\\:managers = group,winback-manager"))));
        assertEquals(Optional.of(Set.of("winback-admin", "admin", "manager", "viewer")), directory.rolesOf("admin"));
        assertEquals(Optional.of(Set.of("winback-rep")), directory.rolesOf("rep1"));
        assertTrue(directory.isWinbackUser("manager2"), "a Winback role held through a group counts");
        assertFalse(directory.isWinbackUser("viewer"));
        assertEquals(Optional.empty(), directory.rolesOf("nobody"));
        assertFalse(directory.isWinbackUser("nobody"));
        assertEquals(Optional.empty(), directory.rolesOf(" "));
    }

    @Test
    void answersAreCachedForSecondsWhileTheUsersFileStaysAsItWas() throws IOException {
        Path file = users("rep1 = rep1,winback-rep");
        JaasUserDirectory directory = directory(List.of(realm("karaf", 0, file)));
        assertEquals(Optional.empty(), directory.rolesOf("rep3"));
        FileTime before = Files.getLastModifiedTime(file);
        // same size and time: nothing tells the cache the file changed
        Files.write(file, List.of("rep3 = rep3,winback-rep"));
        Files.setLastModifiedTime(file, before);
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), directory.rolesOf("rep3"), "still the cached answer");
        now = now.plus(JaasUserDirectory.CACHE_FOR).plus(Duration.ofMillis(1));
        assertEquals(Optional.of(Set.of("winback-rep")), directory.rolesOf("rep3"));
    }

    @Test
    void anEditOfTheUsersFileCountsAtOnce() throws IOException {
        Path file = users("rep1 = rep1,winback-rep");
        JaasUserDirectory directory = directory(List.of(realm("karaf", 0, file)));
        assertEquals(Optional.of(Set.of("winback-rep")), directory.rolesOf("rep1"));
        Files.write(file, List.of("rep3 = rep3,winback-rep"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1_000));
        assertEquals(Optional.empty(), directory.rolesOf("rep1"), "removed");
        assertEquals(Optional.of(Set.of("winback-rep")), directory.rolesOf("rep3"), "added");
    }

    @Test
    void theHighestRankedRealmOfTheConfiguredNameIsUsed() throws IOException {
        Path low = users("rep1 = rep1,winback-rep");
        Path high = dir.resolve("high.properties");
        Files.write(high, List.of("rep1 = rep1,winback-manager"));
        Path other = dir.resolve("other.properties");
        Files.write(other, List.of("rep1 = rep1,winback-admin"));
        JaasUserDirectory directory = directory(List.of(realm("karaf", 0, low), realm("other", 99, other),
                realm("karaf", 10, high)));
        assertEquals(Optional.of(Set.of("winback-manager")), directory.rolesOf("rep1"));
    }

    @Test
    void aMissingRealmOrEngineIsAnErrorNotAnUnknownUser() throws IOException {
        JaasUserDirectory noRealm = directory(List.of(realm("other", 0, users("rep1 = rep1,winback-rep"))));
        assertTrue(assertThrows(IllegalStateException.class, () -> noRealm.rolesOf("rep1")).getMessage()
                .contains("'karaf'"));
        JaasUserDirectory noEngine = directory(List.of(realm("karaf", 0, users("rep1 = rep1,winback-rep"))));
        noEngine.engineFactories = List.of();
        assertThrows(IllegalStateException.class, () -> noEngine.rolesOf("rep1"));
    }
}
