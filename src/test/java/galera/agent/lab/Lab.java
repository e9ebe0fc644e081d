package galera.agent.lab;

import org.jolokia.json.parser.JSONParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The running lab, as {@code lab/galera-lab status --json} describes it (the contract in docs/lab.md), and a
 * way to run its commands. Lab tests need a lab that is up: `lab/galera-lab up`, as scripts/test-all does.
 */
final class Lab {
    static final Path SCRIPT = Path.of("lab/galera-lab").toAbsolutePath();

    private Lab() {
    }

    /** Output and exit code of {@code lab/galera-lab ARGS}. */
    record Result(int exit, String output) {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(SCRIPT.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Result ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("lab " + String.join(" ", args) + " failed (" + r.exit() + "):\n" + r.output());
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status() throws Exception {
        Result r = ok("status", "--json");
        return (Map<String, Object>) new JSONParser().parse(r.output().substring(r.output().indexOf('{')));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> node(int index) throws Exception {
        for (Object n : (List<Object>) status().get("nodes")) {
            Map<String, Object> node = (Map<String, Object>) n;
            if (((Number) node.get("index")).intValue() == index) {
                return node;
            }
        }
        throw new AssertionError("no node " + index + " in the lab status");
    }

    static Properties credentials() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of((String) status().get("credentialsFile")))) {
            p.load(r);
        }
        return p;
    }

    /** Polls until the supplier returns a non-null value or the timeout passes; returns the last value. */
    static <T> T await(Duration timeout, Duration every, Supplier<T> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T v = probe.get();
            if (v != null || Instant.now().isAfter(deadline)) {
                return v;
            }
            Thread.sleep(every.toMillis());
        }
    }
}
