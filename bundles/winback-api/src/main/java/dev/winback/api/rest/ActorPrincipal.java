package dev.winback.api.rest;

import dev.winback.api.Actor;
import java.security.Principal;
import org.osgi.annotation.versioning.ProviderType;

/** The principal the Winback authentication puts on a request: it carries the {@link Actor}. */
@ProviderType
public interface ActorPrincipal extends Principal {

    Actor actor();
}
