package galera.agent.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import galera.agent.audit.Caller;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jolokia.core.api.LogHandler;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.server.core.config.SystemPropertyMode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Embedded Jolokia, locked down:
 * <ul>
 *   <li>binds where the config says (loopback by default) and requires Basic authentication on every context,
 *       including {@code /jolokia/config}, which Jolokia 2.4–2.6 leaves open (a POST there executes any
 *       request without credentials); there only an authenticated GET passes;</li>
 *   <li>the access policy is a {@code file:} location: a missing file denies everything, whereas a missing
 *       {@code classpath:} policy would allow everything;</li>
 *   <li>no JSR-160 proxy (the service is excluded from the build), no error details or stack traces, no
 *       discovery, and no {@code jolokia.*} system property or {@code JOLOKIA_*} variable can change this
 *       ({@link SystemPropertyMode#NEVER});</li>
 *   <li>request bodies are limited, so a huge POST cannot exhaust the heap.</li>
 * </ul>
 */
public final class JolokiaEndpoint implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(JolokiaEndpoint.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final JolokiaServer jolokia;

    /** Settings of one endpoint; a second, browsing endpoint can be built with another user and policy. */
    public record Settings(String host, int port, String user, String password, Path policy, String agentId) {
        @Override
        public String toString() {
            return "Settings[" + host + ":" + port + ", user=" + user + ", policy=" + policy + "]";
        }
    }

    public JolokiaEndpoint(Settings s) throws IOException {
        if (!Files.isReadable(s.policy())) {
            LOG.error("Jolokia policy {} is missing or unreadable: every Jolokia request will be denied", s.policy());
        }
        Authenticator auth = new PasswordAuthenticator("galera-agent", s.user(), s.password());
        Exchanges.noDelay();
        server = HttpServer.create(new InetSocketAddress(s.host(), s.port()), 32);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jolokia-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HttpServer hooked = new ContextHookServer(server, context -> secure(context, auth), JolokiaEndpoint::asCaller);
        jolokia = new JolokiaServer(hooked, new JolokiaServerConfig(jolokiaConfig(s), SystemPropertyMode.NEVER),
                new Log4jBridge());
    }

    static Map<String, String> jolokiaConfig(Settings s) {
        Map<String, String> c = new HashMap<>();
        c.put("host", s.host());
        c.put("port", Integer.toString(s.port()));
        c.put("agentContext", "/jolokia");
        c.put("agentId", s.agentId());
        c.put("policyLocation", s.policy().toUri().toString());
        c.put("allowErrorDetails", "false");
        c.put("includeStackTrace", "false");
        c.put("serializeException", "false");
        c.put("debug", "false");
        c.put("discoveryEnabled", "false");
        c.put("historyMaxEntries", "0");
        c.put("maxDepth", "8");
        c.put("maxCollectionSize", "1000");
        c.put("maxObjects", "10000");
        c.put("allowDnsReverseLookup", "false");
        return c;
    }

    private static void secure(HttpContext context, Authenticator auth) {
        context.getFilters().add(new BrowserGuard());
        context.getFilters().add(new BodyLimit());
        if (context.getPath().endsWith("/config")) {
            // Jolokia sets this context's authenticator to null right after creating it, so the guard
            // authenticates by itself, and lets through only a bare GET.
            context.getFilters().add(new ConfigGuard(auth));
        } else {
            context.setAuthenticator(auth);
        }
    }

    /**
     * Makes the authenticated user the {@link Caller} of whatever operation the request runs, for the audit
     * log. It wraps the handler rather than adding a filter, because user filters run before the
     * authenticator has set the principal.
     */
    private static HttpHandler asCaller(HttpHandler handler) {
        return ex -> {
            HttpPrincipal p = ex.getPrincipal();
            String who = "jolokia:" + (p == null ? "unauthenticated" : p.getUsername()) + "@"
                    + ex.getRemoteAddress().getAddress().getHostAddress();
            Caller.runAs(who, () -> handler.handle(ex));
        };
    }

    public void start() {
        jolokia.start();
        server.start();
        LOG.info("Jolokia listening on http://{}:{}/jolokia/ (authentication required)",
                server.getAddress().getHostString(), server.getAddress().getPort());
    }

    public InetSocketAddress address() { return server.getAddress(); }

    @Override
    public void close() {
        try {
            jolokia.stop();
        } catch (RuntimeException e) {
            LOG.debug("Jolokia stop: {}", e.toString());
        }
        server.stop(0);
        executor.shutdownNow();
    }

    /** Refuses a request body above {@link #MAX_BODY_BYTES} before Jolokia reads it. */
    static final class BodyLimit extends Filter {
        @Override
        public void doFilter(HttpExchange ex, Chain chain) throws IOException {
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            String chunked = ex.getRequestHeaders().getFirst("Transfer-Encoding");
            long n = -1;
            try {
                n = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                Exchanges.json(ex, 400, "{\"status\":400,\"error\":\"bad Content-Length\"}");
                return;
            }
            if (n > MAX_BODY_BYTES || (chunked != null && "POST".equals(ex.getRequestMethod()))) {
                // Read (and drop) a moderate excess so the client sees our answer rather than a reset;
                // beyond that the connection is simply closed after the answer.
                try {
                    ex.getRequestBody().skipNBytes(Math.min(Math.max(n, 0), DRAIN_LIMIT_BYTES));
                } catch (IOException e) {
                    // the client stopped sending: answer anyway
                }
                ex.getResponseHeaders().set("Connection", "close");
                Exchanges.json(ex, 413, "{\"status\":413,\"error\":\"request body too large or chunked (limit "
                        + MAX_BODY_BYTES + " bytes)\"}");
                return;
            }
            chain.doFilter(ex);
        }

        @Override
        public String description() { return "request body limit"; }
    }

    /**
     * Refuses requests that a browser sends on behalf of a web page: those carry an Origin header, or a
     * Sec-Fetch-Site other than "none" (typed by the user) or "same-origin". Scripts, curl and the OCF agent
     * send neither. This closes cross-site request forgery with cached Basic credentials, which Jolokia's
     * policy only closes with strict CORS checking, and that also rejects every client without an Origin.
     */
    static final class BrowserGuard extends Filter {
        @Override
        public void doFilter(HttpExchange ex, Chain chain) throws IOException {
            String origin = ex.getRequestHeaders().getFirst("Origin");
            String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
            if (origin != null || (site != null && !site.equals("none") && !site.equals("same-origin"))) {
                Exchanges.json(ex, 403, "{\"status\":403,\"error\":\"cross-origin requests are not allowed\"}");
                return;
            }
            chain.doFilter(ex);
        }

        @Override
        public String description() { return "refuse cross-origin browser requests"; }
    }

    /** Only an authenticated GET reaches Jolokia's config handler. */
    static final class ConfigGuard extends Filter {
        private final Authenticator auth;

        ConfigGuard(Authenticator auth) {
            this.auth = auth;
        }

        @Override
        public void doFilter(HttpExchange ex, Chain chain) throws IOException {
            Authenticator.Result r = auth.authenticate(ex);
            if (!(r instanceof Authenticator.Success)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"galera-agent\"");
                Exchanges.json(ex, 401, "{\"status\":401,\"error\":\"authentication required\"}");
                return;
            }
            if (!"GET".equals(ex.getRequestMethod()) || ex.getRequestURI().getRawQuery() != null) {
                ex.getResponseHeaders().set("Allow", "GET");
                Exchanges.json(ex, 405, "{\"status\":405,\"error\":\"only a plain GET is allowed here\"}");
                return;
            }
            chain.doFilter(ex);
        }

        @Override
        public String description() { return "guard for the config context"; }
    }

    /** Routes Jolokia's own log lines to log4j. */
    static final class Log4jBridge implements LogHandler {
        private static final Logger JLOG = LogManager.getLogger("org.jolokia");

        @Override public void debug(String message) { JLOG.debug(message); }
        @Override public void info(String message) { JLOG.info(message); }
        @Override public void error(String message, Throwable t) { JLOG.error(message, t); }
        @Override public boolean isDebug() { return JLOG.isDebugEnabled(); }
    }
}
