package dev.winback.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method: Winback's HTTP Basic authentication leaves the request alone, because the method has no
 * caller to authenticate (health) or proves the sender itself (a signed webhook). Such a method has no
 * {@link ActorPrincipal}; it must check whatever it trusts before it changes anything.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicEndpoint {
}
