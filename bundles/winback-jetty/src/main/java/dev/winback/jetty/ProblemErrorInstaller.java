package dev.winback.jetty;

import java.nio.charset.Charset;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Makes Jetty answer its own errors as problem+json, and every answer carry {@code X-Content-Type-Options: nosniff}.
 *
 * <p>pax-web applies a {@link HttpConfiguration.Customizer} registered as an OSGi service to its connectors as it
 * comes, and calls it for every request before any handler. That is the one hook into the running server that
 * neither restarts it (a {@code Handler} service makes pax-web build its whole server anew) nor needs a fragment of
 * pax-web's bundle: the customizer puts problem+json error handlers on the server and on each web context the first
 * time it sees them (pax-web creates a context, with its own HTML error handler, whenever a bundle registers the
 * first servlet of one). Until the first request after a start has passed through it, a request Jetty cannot even
 * parse still gets Jetty's own answer; every later one gets problem+json. Uninstalling the bundle gives Jetty its own
 * handlers back.
 */
@Component(service = HttpConfiguration.Customizer.class)
public class ProblemErrorInstaller implements HttpConfiguration.Customizer {
    /** The server last seen, to give it its handlers back when the bundle goes. */
    private volatile Server server;

    @Override
    public void customize(Connector connector, HttpConfiguration channelConfig, Request request) {
        request.getResponse().setHeader("X-Content-Type-Options", "nosniff");
        Server current = connector.getServer();
        if (current != null) {
            server = current;
            install(current);
        }
        requireKnownCharset(request.getContentType());
    }

    /**
     * A request whose Content-Type names a charset this JVM does not know is refused here with 415: left to CXF, it
     * fails with an IOException on every path (even a GET without a body) and Jetty answers 500.
     */
    static void requireKnownCharset(String contentType) {
        if (contentType == null) {
            return;
        }
        String charset = MimeTypes.getCharsetFromContentType(contentType);
        if (charset == null) {
            return;
        }
        boolean known;
        try {
            known = Charset.isSupported(charset);
        } catch (IllegalArgumentException illegalName) {
            known = false;
        }
        if (!known) {
            throw new BadMessageException(415, "charset '" + JettyProblem.printable(charset, 40)
                    + "' of the Content-Type is not known; send UTF-8");
        }
    }

    /** Idempotent, and cheap when nothing changed: a walk over the few contexts of the server. */
    static void install(Server server) {
        if (!(server.getErrorHandler() instanceof ProblemErrorHandler)) {
            server.setErrorHandler(bound(new ProblemErrorHandler(), server));
        }
        for (Handler handler : server.getChildHandlersByClass(ContextHandler.class)) {
            ContextHandler context = (ContextHandler) handler;
            ErrorHandler current = context.getErrorHandler();
            if (!(current instanceof ContextProblemErrorHandler)) {
                context.setErrorHandler(bound(new ContextProblemErrorHandler(
                        current instanceof ErrorPageErrorHandler ? (ErrorPageErrorHandler) current : null), server));
            }
        }
    }

    /** Jetty starts a handler as soon as a running server takes it, and a started handler cannot change server. */
    private static <H extends ErrorHandler> H bound(H handler, Server server) {
        handler.setServer(server);
        return handler;
    }

    @Deactivate
    void uninstall() {
        Server seen = server;
        if (seen == null) {
            return;
        }
        if (seen.getErrorHandler() instanceof ProblemErrorHandler) {
            seen.setErrorHandler(bound(new ErrorHandler(), seen));
        }
        for (Handler handler : seen.getChildHandlersByClass(ContextHandler.class)) {
            ContextHandler context = (ContextHandler) handler;
            if (context.getErrorHandler() instanceof ContextProblemErrorHandler) {
                ErrorPageErrorHandler plain = new ErrorPageErrorHandler();
                ((ErrorPageErrorHandler) context.getErrorHandler()).getErrorPages().forEach(plain::addErrorPage);
                context.setErrorHandler(bound(plain, seen));
            }
        }
    }
}
