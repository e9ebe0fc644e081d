package galera.agent.config;

/** A configuration the agent refuses to start with. The message names the key and says what to do. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
