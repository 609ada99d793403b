package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** An unknown query parameter is a 400 that names it and lists what the endpoint accepts. */
class QueryParameterFilterTest {

    private static Method method(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(type + " has no " + name);
    }

    @Test
    void collectsTheQueryParametersOfAResourceMethod() {
        assertEquals(new TreeSet<>(Set.of("status", "ownerRep", "lossKind", "lossReason", "customerId", "strategy",
                "overdue", "page", "size")), QueryParameterFilter.queryParameters(method(CaseResource.class, "list")));
        assertEquals(Set.of("assignee", "status", "due", "page", "size"),
                QueryParameterFilter.queryParameters(method(StepResource.class, "worklist")));
        assertEquals(Set.of(), QueryParameterFilter.queryParameters(method(CaseResource.class, "get")));
    }

    @Test
    void findsTheDeclarationThatCarriesTheAnnotations() throws Exception {
        Method list = CaseResource.class.getMethod("list", String.class, String.class, String.class, String.class,
                String.class, String.class, String.class, String.class, String.class,
                javax.ws.rs.core.SecurityContext.class);
        assertEquals(list, QueryParameterFilter.annotated(list));
        class Subclass extends CaseResource {
            @Override
            public javax.ws.rs.core.Response get(String id, javax.ws.rs.core.SecurityContext security) {
                return null;
            }
        }
        Method overriding = Subclass.class.getMethod("get", String.class, javax.ws.rs.core.SecurityContext.class);
        assertEquals(CaseResource.class, QueryParameterFilter.annotated(overriding).getDeclaringClass());
        assertEquals(null, QueryParameterFilter.annotated(Object.class.getMethod("toString")));
    }

    @Test
    void namesEachUnknownParameterWithTheAcceptedOnes() {
        List<Problem.FieldError> errors = QueryParameterFilter.unknown(List.of("staus", "page", "Size"),
                new TreeSet<>(Set.of("status", "page", "size")));
        assertEquals(2, errors.size());
        assertEquals("Size", errors.get(0).field);
        assertEquals("staus", errors.get(1).field);
        assertTrue(errors.get(1).message.contains("accepts page, size, status"), errors.get(1).message);
    }

    @Test
    void anEndpointWithoutParametersSaysSo() {
        List<Problem.FieldError> errors = QueryParameterFilter.unknown(List.of("x"), Set.of());
        assertTrue(errors.get(0).message.contains("takes no query parameters"), errors.get(0).message);
        assertTrue(QueryParameterFilter.unknown(List.of("", "page"), Set.of("page")).isEmpty());
    }
}
