package dev.winback.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Refuses query parameters the matched resource method does not take, with a 400 that names them and lists the
 * ones it does: {@code ?staus=OPEN} silently listing every case is a bug the client never sees otherwise. Runs after
 * authentication, so an anonymous caller learns nothing about the API from it.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Priority(Priorities.USER)
public class QueryParameterFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resourceInfo;

    private final Map<Method, Optional<Set<String>>> accepted = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request) {
        Method method;
        try {
            method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        } catch (RuntimeException e) {
            method = null; // no matched method in this request's context
        }
        if (method == null) {
            return; // nothing matched: the runtime answers 404 or 405 on its own
        }
        Optional<Set<String>> names = accepted.computeIfAbsent(method,
                m -> Optional.ofNullable(annotated(m)).map(QueryParameterFilter::queryParameters));
        if (names.isEmpty()) {
            return; // cannot tell which parameters the method takes: rather accept than refuse by mistake
        }
        List<Problem.FieldError> errors = unknown(request.getUriInfo().getQueryParameters(false).keySet(),
                names.get());
        if (!errors.isEmpty()) {
            request.abortWith(Problems.response(400, "invalid-input", "Invalid input", detail(errors),
                    request.getUriInfo().getRequestUri().getRawPath(), errors));
        }
    }

    /** One error per parameter that is not among {@code accepted}, naming those that are. */
    static List<Problem.FieldError> unknown(Collection<String> given, Set<String> accepted) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String name : new TreeSet<>(given)) {
            if (name.isEmpty() || accepted.contains(name)) {
                continue;
            }
            errors.add(new Problem.FieldError(name, accepted.isEmpty()
                    ? "unknown query parameter; this endpoint takes no query parameters"
                    : "unknown query parameter; this endpoint accepts " + String.join(", ", accepted)));
        }
        return errors;
    }

    private static String detail(List<Problem.FieldError> errors) {
        StringBuilder sb = new StringBuilder();
        for (Problem.FieldError e : errors) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.field).append(": ").append(e.message);
        }
        return sb.toString();
    }

    /**
     * Whether the resource method the request matched carries {@code marker} (on itself or the declaration it
     * overrides); false when nothing matched.
     */
    static boolean matchedMethodIs(ResourceInfo resourceInfo, Class<? extends Annotation> marker) {
        Method method;
        try {
            method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        } catch (RuntimeException e) {
            return false; // no matched method in this request's context
        }
        Method annotated = method == null ? null : annotated(method);
        return annotated != null && annotated.isAnnotationPresent(marker);
    }

    /**
     * The declaration that carries the JAX-RS annotations: the method itself, or the one it overrides or
     * implements; null when none does.
     */
    static Method annotated(Method method) {
        if (isResourceMethod(method)) {
            return method;
        }
        List<Class<?>> types = new ArrayList<>(List.of(method.getDeclaringClass().getInterfaces()));
        for (Class<?> c = method.getDeclaringClass().getSuperclass(); c != null; c = c.getSuperclass()) {
            types.add(c);
            types.addAll(List.of(c.getInterfaces()));
        }
        for (Class<?> type : types) {
            try {
                Method candidate = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (isResourceMethod(candidate)) {
                    return candidate;
                }
            } catch (NoSuchMethodException e) {
                // not declared there
            }
        }
        return null;
    }

    private static boolean isResourceMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    /** The names of the method's {@code @QueryParam} parameters, sorted. */
    static Set<String> queryParameters(Method method) {
        TreeSet<String> names = new TreeSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam) {
                    names.add(((QueryParam) a).value());
                }
            }
        }
        return Collections.unmodifiableSortedSet(names);
    }
}
