package galera.agent.lab;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** HAProxy's own view of its servers, read from the stats socket ({@code show stat}, CSV). */
final class HaproxyStats {
    private HaproxyStats() {
    }

    static String command(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            StringBuilder sb = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                sb.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return sb.toString();
        }
    }

    /** Waits until HAProxy reports {@code server}'s status starting with {@code prefix}; null on timeout. */
    static String await(Path socket, String backend, String server, String prefix, java.time.Duration timeout)
            throws InterruptedException {
        return await(socket, backend, server, s -> s.startsWith(prefix), timeout);
    }

    /** Waits until HAProxy reports a status of {@code server} that {@code accept}s; that status, or null on timeout. */
    static String await(Path socket, String backend, String server, java.util.function.Predicate<String> accept,
                        java.time.Duration timeout) throws InterruptedException {
        return Lab.await(timeout, java.time.Duration.ofMillis(100), () -> {
            try {
                String s = servers(socket, backend).get(server);
                return s != null && accept.test(s) ? s : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Server name → status (UP, DOWN, MAINT, DRAIN, "UP 1/2" …) for one backend. */
    static Map<String, String> servers(Path socket, String backend) throws IOException {
        Map<String, String> result = new HashMap<>();
        String csv = command(socket, "show stat");
        String[] header = null;
        for (String line : csv.split("\n")) {
            if (line.startsWith("# ")) {
                header = line.substring(2).split(",", -1);
                continue;
            }
            String[] f = line.split(",", -1);
            if (header == null || f.length < header.length) {
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], f[i]);
            }
            if (backend.equals(row.get("pxname")) && !"BACKEND".equals(row.get("svname")) && !"FRONTEND".equals(row.get("svname"))) {
                result.put(row.get("svname"), row.get("status"));
            }
        }
        return result;
    }
}
