package galera.agent.http;

import galera.agent.health.HealthMonitor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * HAProxy's agent-check protocol: HAProxy connects, the agent writes one line and closes. The line comes from
 * the cached verdict ({@code up ready}, {@code up drain}, {@code ready down #why}, {@code maint}), so a check
 * costs no database query and lets an operator drain or maintain a node from JConsole.
 *
 * <p>Whatever HAProxy sends (its optional {@code agent-send} string) is read and ignored after the reply, so
 * closing never resets a connection with unread data in it.
 */
public final class AgentCheckServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(AgentCheckServer.class);
    private static final int LINGER_READ_MS = 500;

    private final ServerSocket socket;
    private final HealthMonitor health;
    private final ExecutorService workers;
    private final Thread acceptor;
    private volatile boolean closed;

    public AgentCheckServer(String host, int port, HealthMonitor health) throws IOException {
        this.health = health;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "agent-check");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "agent-check-accept");
        acceptor.setDaemon(true);
    }

    public void start() { acceptor.start(); }

    public InetSocketAddress address() { return (InetSocketAddress) socket.getLocalSocketAddress(); }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("agent-check accept failed: {}", e.toString());
                }
                continue;
            }
            try {
                workers.execute(() -> answer(s));
            } catch (RejectedExecutionException e) {
                closeQuietly(s);
            }
        }
    }

    private void answer(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(LINGER_READ_MS);
            OutputStream out = s.getOutputStream();
            out.write((health.verdict().agentReply() + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] sink = new byte[256];
            // HAProxy closes once it has our line; drain what it sent so the close is orderly.
            while (in.read(sink) >= 0) {
                // discard
            }
        } catch (SocketTimeoutException | SocketException e) {
            LOG.debug("agent-check connection: {}", e.toString());
        } catch (IOException e) {
            LOG.warn("agent-check reply failed: {}", e.toString());
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        workers.shutdownNow();
    }
}
