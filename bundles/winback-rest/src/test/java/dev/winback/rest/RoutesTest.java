package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The methods each path allows, as a 405 or an OPTIONS answer reports them. */
class RoutesTest {
    private static final Routes ROUTES = Routes.of(CoreResources.ALL);

    @Test
    void theMostSpecificTemplateDecides() {
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "POST"), ROUTES.allowedMethods("cases"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PATCH"), ROUTES.allowedMethods("/cases/123/"));
        assertEquals(Set.of("OPTIONS", "POST"), ROUTES.allowedMethods("cases/1/close"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT"), ROUTES.allowedMethods("customers/1"));
        assertEquals(Set.of("DELETE", "OPTIONS", "POST"), ROUTES.allowedMethods("customers/1/contact-block"));
        assertTrue(ROUTES.allowedMethods("customers/1/score").isEmpty(), "the score is winback-detect's");
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT"), ROUTES.allowedMethods("teams/north"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), ROUTES.allowedMethods("steps"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), ROUTES.allowedMethods("/events"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), ROUTES.allowedMethods("subscribers"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), ROUTES.allowedMethods("subscribers/webhooks/dead-letters"));
        assertEquals(Set.of("OPTIONS", "POST"), ROUTES.allowedMethods("subscribers/webhooks/replay"));
        assertTrue(ROUTES.allowedMethods("subscribers/webhooks").isEmpty());
        assertTrue(ROUTES.allowedMethods("nothing/here").isEmpty());
    }

    /** A module's resources join the routes when they are registered. */
    @Test
    void aLiteralSegmentBeatsAVariableOneAcrossResources() {
        Routes withUploads = Routes.of(List.of(CustomerResource.class, Uploads.class));

        assertEquals(Set.of("OPTIONS", "POST"), withUploads.allowedMethods("customers/upload"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT"), withUploads.allowedMethods("customers/42"));
        assertEquals(List.of("text/csv", "application/gzip"), withUploads.consumedTypes("customers/upload", "POST"));
        assertEquals(List.of(), withUploads.consumedTypes("customers/upload", "GET"));
    }

    @javax.ws.rs.Path("customers/upload")
    public static class Uploads {
        @javax.ws.rs.POST
        @javax.ws.rs.Consumes({"text/csv", "application/gzip"})
        public void upload() {
        }
    }
}
