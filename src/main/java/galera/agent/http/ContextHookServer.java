package galera.agent.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An {@link HttpServer} that delegates everything and lets us see each context as it is created.
 *
 * <p>Why: Jolokia 2.6.0 creates its contexts inside {@code JolokiaServer.start()} and exposes neither them nor
 * the server. On the path where it creates its own server it registers {@code <agentContext>/config} with no
 * authenticator (a POST there executes any request without credentials); on the path where we pass our own
 * server it drops user/password altogether (platform-facts). Handing Jolokia this wrapper lets us put our own
 * authenticator and filters on every context it creates, without reflection into Jolokia.
 */
final class ContextHookServer extends HttpServer {
    private final HttpServer delegate;
    private final Consumer<HttpContext> onCreate;
    private final UnaryOperator<HttpHandler> wrapHandler;

    ContextHookServer(HttpServer delegate, Consumer<HttpContext> onCreate, UnaryOperator<HttpHandler> wrapHandler) {
        this.delegate = delegate;
        this.onCreate = onCreate;
        this.wrapHandler = wrapHandler;
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        HttpContext context = delegate.createContext(path, wrapHandler.apply(handler));
        onCreate.accept(context);
        return context;
    }

    @Override
    public HttpContext createContext(String path) {
        HttpContext context = delegate.createContext(path);
        onCreate.accept(context);
        return context;
    }

    @Override public void bind(InetSocketAddress addr, int backlog) throws IOException { delegate.bind(addr, backlog); }
    @Override public void start() { delegate.start(); }
    @Override public void setExecutor(Executor executor) { delegate.setExecutor(executor); }
    @Override public Executor getExecutor() { return delegate.getExecutor(); }
    @Override public void stop(int delay) { delegate.stop(delay); }
    @Override public void removeContext(String path) { delegate.removeContext(path); }
    @Override public void removeContext(HttpContext context) { delegate.removeContext(context); }
    @Override public InetSocketAddress getAddress() { return delegate.getAddress(); }
}
