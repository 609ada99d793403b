package dev.winback.webhooks.rest;

import javax.ws.rs.core.EntityTag;

/** Version tags: the ETag of an endpoint is its version, as for the core's entities (read back by RequestParams). */
final class VersionTags {
    private VersionTags() {
    }

    static EntityTag tag(long version) {
        return new EntityTag(Long.toString(version));
    }
}
