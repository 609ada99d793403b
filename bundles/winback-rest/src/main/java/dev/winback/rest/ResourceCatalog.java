package dev.winback.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winback.api.rest.WinbackRest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API consists of right now: the resource classes registered for the Winback application (the core's and
 * those the installed modules bring, see {@link WinbackRest}), and the OpenAPI parts of the active bundles. The
 * {@code Allow} and {@code Accept-Post} answers and the OpenAPI document follow it, so a module's paths appear when
 * its feature is installed and vanish when it is uninstalled.
 */
@Component(service = ResourceCatalog.class, immediate = true)
public class ResourceCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceCatalog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<Long, Class<?>> resources = new ConcurrentHashMap<>();
    /** Bundle id to its OpenAPI part, in bundle id order so the merged document is stable. */
    private final Map<Long, JsonNode> parts = new ConcurrentHashMap<>();
    private final ServiceTracker<Object, Class<?>> resourceTracker;
    private final BundleTracker<Long> partTracker;
    private volatile Routes routes = Routes.NONE;
    private volatile JsonNode document;

    @Activate
    public ResourceCatalog(BundleContext context) throws InvalidSyntaxException {
        Filter ours = context.createFilter("(&(osgi.jaxrs.resource=true)(osgi.jaxrs.application.select="
                + WinbackRest.APPLICATION_SELECT.replace("(", "\\(").replace(")", "\\)") + "))");
        resourceTracker = new ServiceTracker<>(context, ours, null) {
            @Override
            public Class<?> addingService(ServiceReference<Object> reference) {
                Class<?> type = resourceClass(reference);
                if (type != null) {
                    synchronized (ResourceCatalog.this) {
                        resources.put((Long) reference.getProperty(Constants.SERVICE_ID), type);
                        rebuildRoutes();
                    }
                }
                return type;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Class<?> type) {
                synchronized (ResourceCatalog.this) {
                    resources.remove((Long) reference.getProperty(Constants.SERVICE_ID));
                    rebuildRoutes();
                }
            }
        };
        partTracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Long addingBundle(Bundle bundle, BundleEvent event) {
                JsonNode part = openApiPart(bundle);
                if (part == null) {
                    return null;
                }
                synchronized (ResourceCatalog.this) {
                    parts.put(bundle.getBundleId(), part);
                    document = null;
                }
                return bundle.getBundleId();
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Long id) {
                synchronized (ResourceCatalog.this) {
                    parts.remove(id);
                    document = null;
                }
            }
        };
        resourceTracker.open();
        partTracker.open();
    }

    @Deactivate
    void deactivate() {
        partTracker.close();
        resourceTracker.close();
    }

    /** The routes of the resources registered now. */
    Routes routes() {
        return routes;
    }

    /** The resource classes registered now. */
    Collection<Class<?>> resourceClasses() {
        return List.copyOf(resources.values());
    }

    /** The OpenAPI document: this bundle's, with the parts of the active module bundles merged in. */
    JsonNode document() {
        JsonNode known = document;
        if (known != null) {
            return known;
        }
        // Under the lock the trackers change the parts with, so a part that leaves meanwhile is not merged back in.
        synchronized (this) {
            if (document == null) {
                document = OpenApiDocuments.merge(OpenApiDocuments.core(), new ArrayList<>(new TreeMap<>(parts)
                        .values()));
            }
            return document;
        }
    }

    private void rebuildRoutes() {
        routes = Routes.of(resources.values());
    }

    /** The class of a registered resource, from its bundle; null (and logged) when it cannot be loaded. */
    private static Class<?> resourceClass(ServiceReference<Object> reference) {
        String[] names = (String[]) reference.getProperty(Constants.OBJECTCLASS);
        Bundle bundle = reference.getBundle();
        if (bundle == null || names == null || names.length == 0) {
            return null;
        }
        try {
            return bundle.loadClass(names[0]);
        } catch (ClassNotFoundException | RuntimeException e) {
            LOG.warn("Cannot read the JAX-RS annotations of {} from bundle {}; its paths answer OPTIONS and 405 with"
                    + " the runtime's defaults", names[0], bundle.getSymbolicName(), e);
            return null;
        }
    }

    /** The part a bundle names in its {@value WinbackRest#OPENAPI_HEADER} header, or null. */
    private static JsonNode openApiPart(Bundle bundle) {
        String path = bundle.getHeaders("").get(WinbackRest.OPENAPI_HEADER);
        if (path == null || path.isBlank()) {
            return null;
        }
        URL entry = bundle.getEntry(path.strip());
        if (entry == null) {
            LOG.error("Bundle {} names OpenAPI part {} in {}, which it does not contain", bundle.getSymbolicName(),
                    path, WinbackRest.OPENAPI_HEADER);
            return null;
        }
        try (InputStream in = entry.openStream()) {
            JsonNode part = MAPPER.readTree(in);
            if (!(part instanceof ObjectNode) || !part.path("paths").isObject()) {
                LOG.error("OpenAPI part {} of bundle {} has no paths object", path, bundle.getSymbolicName());
                return null;
            }
            return part;
        } catch (IOException e) {
            LOG.error("OpenAPI part {} of bundle {} is not JSON", path, bundle.getSymbolicName(), e);
            return null;
        }
    }
}
