package dev.winback.rest;

import dev.winback.api.Actor;
import java.security.Principal;
import javax.ws.rs.core.SecurityContext;

/** Carries the authenticated {@link Actor} through the JAX-RS {@link SecurityContext}. */
final class ActorPrincipal implements Principal {
    private final Actor actor;

    ActorPrincipal(Actor actor) {
        this.actor = actor;
    }

    Actor actor() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.name();
    }

    /** The actor of the current request; resources behind {@link BasicAuthFilter} always have one. */
    static Actor of(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof ActorPrincipal) {
            return ((ActorPrincipal) context.getUserPrincipal()).actor();
        }
        throw new IllegalStateException("No authenticated actor on this request");
    }

    static SecurityContext context(Actor actor, boolean secure) {
        ActorPrincipal principal = new ActorPrincipal(actor);
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return actor.roles().contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        };
    }
}
