package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/**
 * The OpenAPI document is assembled from the parts the installed features bring: every resource method the JAX-RS
 * runtime really serves for the Winback application is in it, every operation it documents answers (no "nothing
 * here", no 405), and a module's paths come and go with its feature.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiCatalogIT extends WinbackTestSupport {
    @Test
    public void everyServedResourceMethodIsDocumented() throws Exception {
        Set<String> documented = OpenApiOperations.documented(openApiOnce(WinbackTestSupport::everyModuleIn));
        Set<String> served = servedOperations();

        assertTrue("the runtime serves the detection endpoints: " + served,
                served.contains("POST /imports/transactions") && served.contains("GET /customers/{id}/score"));
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        assertEquals("served but not in openapi.json", Set.of(), undocumented);
    }

    @Test
    public void everyDocumentedOperationAnswers() throws Exception {
        JsonNode document = openApiOnce(WinbackTestSupport::everyModuleIn);
        Set<String> checked = new TreeSet<>();
        for (String operation : OpenApiOperations.documented(document)) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = "/api/v1" + OpenApiOperations.concrete(operation.substring(operation.indexOf(' ') + 1));
            Object body = method.equals("GET") || method.equals("DELETE") ? null : json();
            ApiResponse answer = request(method, path, ADMIN, body, Map.of());
            // While the runtime rebuilds the application (a feature coming up) it answers "No service was found".
            for (int i = 0; i < 50 && answer.status() == 404 && answer.body().contains("No service was found"); i++) {
                Thread.sleep(200);
                answer = request(method, path, ADMIN, body, Map.of());
            }
            assertFalse(operation + " -> " + answer, answer.body().contains("No service was found"));
            assertNotEquals(operation + " -> " + answer, 405, answer.status());
            assertFalse(operation + " is documented but nothing answers: " + answer,
                    answer.status() == 404 && answer.body().contains("urn:winback:problem:http-404"));
            assertNotEquals(operation + " -> " + answer, 500, answer.status());
            checked.add(operation);
        }
        assertTrue("documented operations: " + checked, checked.size() > 30);
    }

    @Test
    public void aModulesPathsLeaveTheDocumentWithItsFeatureAndComeBackWithIt() throws Exception {
        featuresService.uninstallFeature("winback-detect");
        try {
            // The runtime rebuilds the application once per resource that leaves, answering 404 meanwhile.
            JsonNode without = openApiOnce(d -> !d.get("paths").has("/imports/transactions")
                    && !d.get("paths").has("/detection/runs") && !d.get("paths").has("/customers/{id}/score"));
            assertFalse(without.get("components").get("schemas").has("DetectionRun"));
            assertTrue(without.get("paths").has("/cases"));
            for (String operation : servedOperations()) {
                assertFalse(operation, operation.contains(" /imports") || operation.contains("/detection"));
            }
        } finally {
            featuresService.installFeature("winback-detect");
        }
        JsonNode with = openApiOnce(d -> d.get("paths").has("/imports/transactions")
                && d.get("paths").has("/detection/runs") && d.get("paths").has("/customers/{id}/score"));
        assertTrue(with.get("components").get("schemas").has("DetectionRun"));
    }

    /** "METHOD /path" of every resource method the runtime serves for the winback application. */
    private Set<String> servedOperations() {
        ServiceReference<JaxrsServiceRuntime> reference = bundleContext.getServiceReference(JaxrsServiceRuntime.class);
        JaxrsServiceRuntime runtime = bundleContext.getService(reference);
        try {
            RuntimeDTO dto = runtime.getRuntimeDTO();
            Set<String> operations = new TreeSet<>();
            for (ApplicationDTO application : dto.applicationDTOs) {
                if (!"winback".equals(application.name)) {
                    continue;
                }
                for (ResourceDTO resource : application.resourceDTOs) {
                    for (ResourceMethodInfoDTO method : resource.resourceMethods) {
                        operations.add(method.method + " " + OpenApiOperations.normalised(method.path));
                    }
                }
            }
            assertTrue("the runtime has a winback application with resources", operations.size() > 10);
            return operations;
        } finally {
            bundleContext.ungetService(reference);
        }
    }
}
