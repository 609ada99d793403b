package dev.winback.jetty;

import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Makes Jetty answer its own errors as problem+json, and every answer carry {@code X-Content-Type-Options: nosniff}.
 *
 * <p>pax-web adds a {@link Handler} registered as an OSGi service to its server, ahead of the web contexts when the
 * service's ranking is positive. That is the one hook into the running server without a fragment of pax-web's
 * bundle or an XML file an admin would have to keep: the handler sets the server's error handler when it starts,
 * and each web context's on the first request after the context appeared (pax-web creates a context, with its
 * own HTML error handler, whenever a bundle registers the first servlet of one). Uninstalling the bundle gives Jetty
 * its own handlers back.
 */
@Component(service = Handler.class, property = "service.ranking:Integer=1000")
public class ProblemErrorInstaller extends AbstractHandler {

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        install();
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        install();
    }

    /** Idempotent, and cheap when nothing changed: a walk over the few contexts of the server. */
    void install() {
        Server server = getServer();
        if (server == null) {
            return;
        }
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
        Server server = getServer();
        if (server == null) {
            return;
        }
        if (server.getErrorHandler() instanceof ProblemErrorHandler) {
            server.setErrorHandler(bound(new ErrorHandler(), server));
        }
        for (Handler handler : server.getChildHandlersByClass(ContextHandler.class)) {
            ContextHandler context = (ContextHandler) handler;
            if (context.getErrorHandler() instanceof ContextProblemErrorHandler) {
                ErrorPageErrorHandler plain = new ErrorPageErrorHandler();
                ((ErrorPageErrorHandler) context.getErrorHandler()).getErrorPages().forEach(plain::addErrorPage);
                context.setErrorHandler(bound(plain, server));
            }
        }
    }
}
