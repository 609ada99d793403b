package dev.winback.api.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A module's own tables, ready for use. A module bundle ships its migration scripts and names them with the
 * manifest header {@value #HEADER}{@code : <module>;path=<folder>}; the folder holds {@code V<n>__<what>.sql}
 * scripts, one SQL dialect for H2 and PostgreSQL, numbered from 1 on the module's own version track. When the bundle
 * starts, the store applies the scripts the database does not have yet (each once, with a checksum that stops a
 * script edited after it was applied) and then registers this service with the property
 * {@value #PROPERTY}{@code =<module>}. The module's components reference it with that target, so none of them
 * touches a table before it exists.
 *
 * <p>Uninstalling the module keeps its tables and data; installing it again applies only what is new.
 */
@ProviderType
public interface ModuleSchema {
    /** Manifest header of a bundle that brings migrations. */
    String HEADER = "Winback-Schema";
    /** Service property: the module's name, as in its header. */
    String PROPERTY = "winback.schema";

    /** The module's name (letters, digits and '-'). */
    String module();

    /** The newest version of the module's schema, now applied. */
    int version();
}
