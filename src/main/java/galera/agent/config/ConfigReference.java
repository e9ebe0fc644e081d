package galera.agent.config;

/**
 * Prints docs/configuration.md from {@link ConfigKey}, so the reference cannot drift from the code
 * ({@code ConfigReferenceTest} fails when the committed file differs). Regenerate with
 * {@code java -cp target/galera-agent.jar galera.agent.config.ConfigReference > docs/configuration.md}.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration reference\n\n")
          .append("<!-- Generated from ConfigKey.java by galera.agent.config.ConfigReference; do not edit by hand. -->\n\n")
          .append("The agent reads one Java properties file, given by `--config FILE`. Each key can be overridden\n")
          .append("by an environment variable (shown below). Secrets are accepted only from the root-only `secretsFile`\n")
          .append("(mode 0600) or the environment, never from the main file. Unknown keys and bad values stop the agent\n")
          .append("at start with a message that names the key. The configuration is logged at start with secrets masked.\n\n")
          .append("| key | default | environment | meaning |\n|---|---|---|---|\n");
        for (ConfigKey k : ConfigKey.values()) {
            String def = k.defaultValue().map(v -> v.isEmpty() ? "(empty)" : "`" + v + "`").orElse("**required**");
            sb.append("| `").append(k.key()).append("` | ").append(def).append(" | `").append(k.envName())
              .append("` | ").append(k.secret() ? "*Secret.* " : "").append(k.description().replace("|", "\\|"))
              .append(" |\n");
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
