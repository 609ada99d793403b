package dev.winback.rest;

import dev.winback.api.Actor;
import dev.winback.api.rest.WinbackRest;
import java.security.Principal;
import javax.ws.rs.core.SecurityContext;

/** Carries the authenticated {@link Actor} through the JAX-RS {@link SecurityContext}. */
final class ActorPrincipal implements dev.winback.api.rest.ActorPrincipal {
    private final Actor actor;

    ActorPrincipal(Actor actor) {
        this.actor = actor;
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.name();
    }

    /** The actor of the current request; resources behind {@link BasicAuthFilter} always have one. */
    static Actor of(SecurityContext context) {
        return WinbackRest.actor(context == null ? null : context.getUserPrincipal());
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
