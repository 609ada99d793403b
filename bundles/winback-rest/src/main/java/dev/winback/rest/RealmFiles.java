package dev.winback.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.config.JaasRealm;

/**
 * The files a JAAS realm reads its users from (the {@code users} option of Karaf's properties login module, which
 * {@code jaas:user-add}, {@code jaas:user-delete} and {@code jaas:update} rewrite) and a stamp of their state.
 * Caches of logins and roles compare stamps so that a changed password or a removed user counts at the next
 * request, not when the cache entry ages out. Realms without such a file (LDAP, JDBC) give a constant stamp: for
 * them the cache lifetime is all there is.
 */
final class RealmFiles {
    static final String USERS_OPTION = "users";

    private RealmFiles() {
    }

    static Set<Path> of(JaasRealm realm) {
        Set<Path> files = new TreeSet<>();
        if (realm == null) {
            return files;
        }
        for (AppConfigurationEntry entry : realm.getEntries()) {
            Map<String, ?> options = entry.getOptions();
            Object users = options == null ? null : options.get(USERS_OPTION);
            if (users instanceof String && !((String) users).isBlank()) {
                files.add(Paths.get((String) users));
            }
        }
        return files;
    }

    /** Modification time, size and file identity of each file; changes whenever one of them is rewritten. */
    static String stamp(Iterable<Path> files) {
        StringBuilder stamp = new StringBuilder();
        for (Path file : files) {
            stamp.append(file).append('@');
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                // jaas:update replaces the file, so its identity changes even within one clock tick.
                stamp.append(a.lastModifiedTime().toMillis()).append('/').append(a.size()).append('/')
                        .append(a.fileKey());
            } catch (IOException e) {
                stamp.append("missing");
            }
            stamp.append(';');
        }
        return stamp.toString();
    }

    static String stamp(List<JaasRealm> realms, String name) {
        return stamp(of(JaasUserDirectory.realm(realms, name)));
    }
}
