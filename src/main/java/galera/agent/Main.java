package galera.agent;

import galera.agent.config.AgentConfig;
import galera.agent.config.ConfigException;
import galera.agent.config.ConfigLoader;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar galera-agent.jar --config FILE}: parse the arguments, load and validate the configuration,
 * start the agent, and stop it cleanly on SIGTERM. Exit codes: 0 clean stop, 2 bad arguments or
 * configuration, 1 failure to start.
 */
public final class Main {
    private static final Logger LOG = LogManager.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Path configFile;
        try {
            configFile = parseArgs(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("galera-agent: " + e.getMessage());
            System.err.println("usage: java -jar galera-agent.jar --config FILE");
            LogManager.shutdown();
            System.exit(2);
            return;
        }
        AgentConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load(configFile);
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            LogManager.shutdown();
            System.exit(2);
            return;
        }
        LOG.info("galera-agent {} starting for node {} with configuration {}:\n{}", version(), config.nodeName(),
                configFile, config.describe());
        Agent agent = new Agent(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (mariadbd is left running)");
            agent.close();
            LOG.info("stopped");
            // log4j's own hook is disabled (log4j2.xml) so these last lines are not lost.
            LogManager.shutdown();
            stopped.countDown();
        }, "shutdown"));
        try {
            agent.start();
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.toString(), e);
            System.exit(1);
            return;
        }
        LOG.info("started");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Path parseArgs(List<String> args) {
        if (args.size() == 2 && args.get(0).equals("--config")) {
            return Path.of(args.get(1));
        }
        if (args.size() == 1 && args.get(0).startsWith("--config=")) {
            return Path.of(args.get(0).substring("--config=".length()));
        }
        throw new IllegalArgumentException(args.isEmpty() ? "missing --config FILE" : "unexpected arguments " + args);
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
