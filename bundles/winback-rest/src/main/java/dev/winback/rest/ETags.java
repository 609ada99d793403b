package dev.winback.rest;

import javax.ws.rs.core.EntityTag;

/** Entity versions as strong ETags ({@code "3"}); RequestParams.ifMatchVersion reads them back from If-Match. */
final class ETags {
    private ETags() {
    }

    static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }
}
