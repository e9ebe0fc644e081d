package galera.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import galera.agent.health.HealthMonitor;
import galera.agent.health.HealthVerdict;
import galera.agent.node.NodeStatus;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The plain {@code GET /health} endpoint for HAProxy's {@code option httpchk}: 200, 404 or 503 and one line of
 * JSON, computed from the cached snapshot (404 while drained: see
 * {@link galera.agent.health.HealthVerdict#httpStatus()}). No authentication (it reveals only the verdict) and no database
 * query per request, so a check costs microseconds instead of Percona clustercheck's fork + login.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    public HealthServer(String host, int port, String nodeName, HealthMonitor health) throws IOException {
        Exchanges.noDelay();
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        // No executor: the handler runs on the server's own dispatcher thread. It only reads the cached verdict
        // and never blocks, and skipping the hand-off to a pool thread takes a context switch off every check.
        server.setExecutor(null);
        server.createContext("/health", ex -> handle(ex, nodeName, health));
        server.createContext("/", ex -> Exchanges.json(ex, 404, "{\"error\":\"not found; try GET /health\"}"));
    }

    private static void handle(HttpExchange ex, String nodeName, HealthMonitor health) throws IOException {
        ex.getRequestBody().close();
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            Exchanges.json(ex, 405, "{\"error\":\"method not allowed; use GET\"}");
            return;
        }
        if (!"/health".equals(ex.getRequestURI().getPath())) {
            Exchanges.json(ex, 404, "{\"error\":\"not found; try GET /health\"}");
            return;
        }
        NodeStatus s = health.status();
        HealthVerdict v = health.verdict(s);
        Exchanges.json(ex, v.httpStatus(), "{\"node\":" + quote(nodeName) + ",\"available\":" + v.available()
                + ",\"state\":" + quote(v.state().name()) + ",\"rule\":" + quote(v.rule()) + ",\"wsrepState\":" + quote(s.localStateComment())
                + ",\"reason\":" + quote(v.reason()) + "}");
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

    public void start() { server.start(); }

    public InetSocketAddress address() { return server.getAddress(); }

    @Override
    public void close() {
        server.stop(0);
    }
}
