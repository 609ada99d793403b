package dev.winback.rest;

import dev.winback.api.Actor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;

/** Small stand-ins for what the JAX-RS runtime and the services provide, for resource tests without a server. */
final class Fakes {
    static final Actor ADMIN = new Actor("admin", Set.of(Actor.ROLE_ADMIN));
    static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));
    static final Actor REP = new Actor("rep1", Set.of(Actor.ROLE_REP));

    private Fakes() {
    }

    static SecurityContext as(Actor actor) {
        return ActorPrincipal.context(actor, false);
    }

    /** A UriInfo for a request to {@code path} below {@code http://localhost:8181/api/v1/}. */
    static UriInfo uri(String path) {
        URI base = URI.create("http://localhost:8181/api/v1/");
        URI request = base.resolve(path);
        return (UriInfo) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getBaseUri":
                            return base;
                        case "getBaseUriBuilder":
                            return UriBuilder.fromUri(base);
                        case "getRequestUri":
                        case "getAbsolutePath":
                            return request;
                        case "getAbsolutePathBuilder":
                        case "getRequestUriBuilder":
                            return UriBuilder.fromUri(request);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** A service whose calls are recorded and answered by {@code answer}. */
    static <T> T service(Class<T> type, List<String> calls, InvocationHandler answer) {
        return type.cast(Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? type.getSimpleName() : null;
                    }
                    calls.add(method.getName());
                    return answer.invoke(proxy, method, args);
                }));
    }

    static List<String> calls() {
        return new ArrayList<>();
    }
}
