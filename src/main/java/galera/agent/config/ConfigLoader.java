package galera.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Loads the configuration once: the file given by {@code --config}, then environment overrides
 * ({@code GALERA_AGENT_*}), then secrets from {@code secretsFile}. Every value is validated here and an error
 * names the key, the value and what to do (after HikariCP's {@code validate()}).
 *
 * <p>Secrets are refused in the main file: it is usually world-readable, and the secret file's mode is
 * checked so a password does not sit in a file any local user can read.
 */
public final class ConfigLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Set<String> SSL_MODES = Set.of("disable", "trust", "verify-ca", "verify-full");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public AgentConfig load(Path file) {
        Properties props = read(file, "config file");
        Map<ConfigKey, String> raw = new EnumMap<>(ConfigKey.class);
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            ConfigKey key = ConfigKey.byKey(name).orElse(null);
            if (key == null) {
                unknown.add(name);
            } else if (key.secret()) {
                throw new ConfigException(name + ": secrets are not accepted in the main config file " + file
                        + "; put it in the root-only secretsFile (mode 0600)");
            } else {
                raw.put(key, props.getProperty(name).trim());
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown key(s) in " + file + ": " + String.join(", ", unknown)
                    + " (a typo would silently keep a default; see docs/configuration.md)");
        }
        for (ConfigKey key : ConfigKey.values()) {
            String override = env.get(key.envName());
            if (override != null) {
                raw.put(key, override.trim());
            }
        }
        readSecrets(raw);
        return validate(raw);
    }

    private void readSecrets(Map<ConfigKey, String> raw) {
        String secretsFile = raw.getOrDefault(ConfigKey.SECRETS_FILE, "");
        if (secretsFile.isEmpty()) {
            return;
        }
        Path path = Path.of(secretsFile);
        checkOwnerOnly(path, ConfigKey.SECRETS_FILE);
        Properties secrets = read(path, "secretsFile");
        for (String name : new TreeSet<>(secrets.stringPropertyNames())) {
            ConfigKey key = ConfigKey.byKey(name).filter(ConfigKey::secret).orElseThrow(() ->
                    new ConfigException("secretsFile " + path + ": unknown secret '" + name
                            + "' (accepted: dbPassword, jolokiaPassword)"));
            if (!env.containsKey(key.envName())) {
                raw.put(key, secrets.getProperty(name).trim());
            }
        }
    }

    /** Refuses a secrets file that group or others can read: the password would be readable by any user. */
    public static void checkOwnerOnly(Path path, ConfigKey key) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new ConfigException(key.key() + ": " + path + " is readable by group or others; "
                        + "run chmod 600 " + path);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(key.key() + ": " + path + " does not exist");
        } catch (IOException e) {
            throw new ConfigException(key.key() + ": cannot read " + path + ": " + e.getMessage());
        }
    }

    private static Properties read(Path file, String what) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(what + " " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        return props;
    }

    private static AgentConfig validate(Map<ConfigKey, String> raw) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            String value = raw.containsKey(key) ? raw.get(key) : key.defaultValue().orElseThrow(() ->
                    new ConfigException(key.key() + " is required: " + key.description()));
            check(key, value);
            values.put(key, value);
        }
        crossCheck(values);
        return new AgentConfig(values);
    }

    private static void check(ConfigKey key, String value) {
        switch (key.type()) {
            case NAME -> require(key, value, NAME.matcher(value).matches(),
                    "must be a node name (letters, digits, '.', '_', '-'; at most 63)");
            case PATH -> require(key, value, value.isEmpty() || Path.of(value).isAbsolute(), "must be an absolute path");
            case NODE_LIST -> require(key, value, value.isEmpty() || java.util.Arrays.stream(value.split(","))
                    .map(String::trim).allMatch(n -> NAME.matcher(n).matches()), "must be node names separated by commas");
            case COUNT -> require(key, value, isLongIn(value, 0, 64), "must be a whole number from 0 to 64");
            case LIMIT -> require(key, value, isLongIn(value, 0, 1_000_000_000L),
                    "must be a whole number from 0 to 1000000000");
            case LATE_NODE -> require(key, value, value.equals("discard") || value.equals("hold"), "must be discard or hold");
            case PORT -> require(key, value, isLongIn(value, 0, 65535), "must be a port number from 0 to 65535");
            case MILLIS -> require(key, value, isLongIn(value, 1, 86_400_000L),
                    "must be a whole number of milliseconds from 1 to 86400000");
            case BOOLEAN -> require(key, value, value.equals("true") || value.equals("false"), "must be true or false");
            case SSL_MODE -> require(key, value, SSL_MODES.contains(value),
                    "must be one of disable, trust, verify-ca, verify-full");
            case STRING, SECRET -> require(key, value, value.indexOf('\n') < 0, "must be a single line");
        }
    }

    private static void crossCheck(Map<ConfigKey, String> v) {
        if (!v.get(ConfigKey.JOLOKIA_PORT).equals("0")) {
            if (v.get(ConfigKey.JOLOKIA_USER).isEmpty()) {
                throw new ConfigException("jolokiaUser is required while jolokiaPort is set: Jolokia always "
                        + "requires authentication (set jolokiaPort=0 to turn Jolokia off)");
            }
            if (v.get(ConfigKey.JOLOKIA_PASSWORD).isEmpty()) {
                throw new ConfigException("jolokiaPassword is required while jolokiaPort is set: put it in "
                        + "the secretsFile (mode 0600)");
            }
        }
        if (!v.get(ConfigKey.BROWSE_PORT).equals("0")) {
            if (v.get(ConfigKey.BROWSE_USER).isEmpty() || v.get(ConfigKey.BROWSE_PASSWORD).isEmpty()) {
                throw new ConfigException("browseUser and browsePassword (in the secretsFile) are required while "
                        + "browsePort is set: the browsing endpoint always requires authentication");
            }
            if (v.get(ConfigKey.BROWSE_USER).equals(v.get(ConfigKey.JOLOKIA_USER))) {
                throw new ConfigException("browseUser must differ from jolokiaUser: the browsing endpoint has its "
                        + "own user, so that a console's credentials can never run operations");
            }
            if (v.get(ConfigKey.BROWSE_PORT).equals(v.get(ConfigKey.JOLOKIA_PORT))
                    && v.get(ConfigKey.BROWSE_HOST).equals(v.get(ConfigKey.JOLOKIA_HOST))) {
                throw new ConfigException("browsePort=" + v.get(ConfigKey.BROWSE_PORT) + " is also jolokiaPort");
            }
        }
        if (v.get(ConfigKey.DATADIR).isEmpty()) {
            throw new ConfigException("datadir is required: " + ConfigKey.DATADIR.description());
        }
        String nodes = v.get(ConfigKey.CLUSTER_NODES);
        if (!nodes.isEmpty()) {
            List<String> list = java.util.Arrays.stream(nodes.split(",")).map(String::trim).toList();
            if (!list.contains(v.get(ConfigKey.NODE_NAME))) {
                throw new ConfigException("clusterNodes=" + nodes + " does not contain this node's nodeName="
                        + v.get(ConfigKey.NODE_NAME));
            }
            if (new java.util.HashSet<>(list).size() != list.size()) {
                throw new ConfigException("clusterNodes=" + nodes + " names a node twice");
            }
            int quorum = Integer.parseInt(v.get(ConfigKey.ELECTION_QUORUM));
            if (quorum > list.size()) {
                throw new ConfigException("electionQuorum=" + quorum + " is more than the " + list.size()
                        + " nodes of clusterNodes: no election could ever bootstrap");
            }
            if (quorum > 0 && quorum <= list.size() / 2) {
                LogHolder.LOG.warn("electionQuorum={} is not a majority of {} nodes: two partitions could each "
                        + "bootstrap after the window", quorum, list.size());
            }
        }
        long poll = Long.parseLong(v.get(ConfigKey.POLL_INTERVAL_MS));
        if (poll < 100) {
            throw new ConfigException("pollIntervalMs=" + poll + " is below 100 ms; polling faster than that "
                    + "only loads mariadbd without making health checks fresher");
        }
    }

    /** Lazily created, so loading a config in a test does not configure logging. */
    private static final class LogHolder {
        static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(ConfigLoader.class);
    }

    private static void require(ConfigKey key, String value, boolean ok, String rule) {
        if (!ok) {
            String shown = key.secret() ? "****" : "'" + value + "'";
            throw new ConfigException(key.key() + "=" + shown + " " + rule);
        }
    }

    private static boolean isLongIn(String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
