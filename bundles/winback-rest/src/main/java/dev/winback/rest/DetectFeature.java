package dev.winback.rest;

import dev.winback.api.NotFoundException;

/**
 * The detection resources hold their services through optional references, so that {@code winback-rest} resolves
 * and starts without the {@code winback-detect} feature; while it is absent they answer 404 saying so.
 */
final class DetectFeature {
    private DetectFeature() {
    }

    static <S> S require(S service) {
        if (service == null) {
            throw new NotFoundException("Lost-customer detection is not installed here; an admin installs it with "
                    + "feature:install winback-detect");
        }
        return service;
    }
}
