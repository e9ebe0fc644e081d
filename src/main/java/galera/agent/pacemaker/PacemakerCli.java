package galera.agent.pacemaker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Pacemaker} through Pacemaker's own command-line tools (crm_node, attrd_updater, crm_attribute,
 * cibadmin), run on this node. Each call is bounded by a timeout. Values never come from an operator-typed
 * string that reaches a shell: arguments are passed as a list, with no shell in between.
 */
public final class PacemakerCli implements Pacemaker {
    private static final Pattern ATTR = Pattern.compile("name=\"([^\"]*)\" host=\"([^\"]*)\" value=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile(" value=\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile(" name=\"([^\"]*)\"");
    private static final Pattern SET = Pattern.compile(
            "<cluster_property_set\\b[^>]*\\bid=\"([^\"]*)\"[^>]*>(.*?)</cluster_property_set>", Pattern.DOTALL);
    private static final Pattern NVPAIR = Pattern.compile("<nvpair\\b[^>]*/>");
    private static final int CIB_CREATE_EXISTS = 108;
    private static final int CIB_NOT_FOUND = 105;

    private final long timeoutMs;
    /** This node's name in the cluster: asked once, it does not change while the agent runs. */
    private volatile String self;

    public PacemakerCli(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    record Run(int exit, String output) {
    }

    Run run(String... cmd) throws PacemakerException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new PacemakerException(String.join(" ", cmd) + ": no answer within " + timeoutMs + " ms");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new PacemakerException(cmd[0] + " cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PacemakerException(cmd[0] + ": interrupted");
        }
    }

    private Run ok(String... cmd) throws PacemakerException {
        Run r = run(cmd);
        if (r.exit() != 0) {
            throw new PacemakerException(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.output());
        }
        return r;
    }

    @Override
    public ClusterView view(String attribute) throws PacemakerException {
        String self = this.self;
        if (self == null) {
            self = ok("crm_node", "-n").output();
            this.self = self;
        }
        boolean quorate = ok("crm_node", "-q").output().equals("1");
        List<String> partition = new ArrayList<>(Arrays.asList(ok("crm_node", "-p").output().split("\\s+")));
        partition.removeIf(String::isEmpty);
        Map<String, String> values = new HashMap<>();
        Run q = run("attrd_updater", "-Q", "-A", "-n", attribute);
        if (q.exit() == 0) {
            values.putAll(parseAttributes(q.output(), attribute));
        }
        return new ClusterView(self, quorate, partition, values);
    }

    /** Parses {@code attrd_updater -Q -A} lines: {@code name="N" host="H" value="V"}. */
    static Map<String, String> parseAttributes(String output, String attribute) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            Matcher m = ATTR.matcher(line);
            if (m.find() && m.group(1).equals(attribute) && !m.group(3).isEmpty()) {
                values.put(m.group(2), unescape(m.group(3)));
            }
        }
        return values;
    }

    private static String unescape(String xml) {
        return xml.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&amp;", "&");
    }

    @Override
    public void publish(String attribute, String value) throws PacemakerException {
        ok("attrd_updater", "-n", attribute, "-U", value);
    }

    @Override
    public void withdraw(String attribute) throws PacemakerException {
        run("attrd_updater", "-n", attribute, "-D");
    }

    @Override
    public boolean createOnce(String setId, String name, String value) throws PacemakerException {
        String xml = "<cluster_property_set id=\"" + xmlAttr(setId) + "\"><nvpair id=\"" + xmlAttr(setId + "-" + name)
                + "\" name=\"" + xmlAttr(name) + "\" value=\"" + xmlAttr(value) + "\"/></cluster_property_set>";
        Run r = run("cibadmin", "--create", "--scope", "crm_config", "--xml-text", xml);
        if (r.exit() == 0) {
            return true;
        }
        if (r.exit() == CIB_CREATE_EXISTS) {
            return false;
        }
        throw new PacemakerException("cibadmin --create " + setId + " failed (" + r.exit() + "): " + r.output());
    }

    @Override
    public Optional<String> readOnce(String setId, String name) throws PacemakerException {
        Run r = run("cibadmin", "--query", "--scope", "crm_config", "--xpath",
                "//cluster_property_set[@id='" + setId + "']/nvpair[@name='" + name + "']");
        if (r.exit() == CIB_NOT_FOUND) {
            return Optional.empty();
        }
        if (r.exit() != 0) {
            throw new PacemakerException("cibadmin --query " + setId + " failed (" + r.exit() + "): " + r.output());
        }
        Matcher m = VALUE.matcher(r.output());
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    /** One {@code cibadmin --query} for all the sets (an xpath union), instead of one process per set. */
    @Override
    public Map<String, String> readEach(Map<String, String> nameBySetId) throws PacemakerException {
        if (nameBySetId.isEmpty()) {
            return Map.of();
        }
        StringBuilder xpath = new StringBuilder("//cluster_property_set[");
        String or = "";
        for (String setId : nameBySetId.keySet()) {
            xpath.append(or).append("@id='").append(setId).append('\'');
            or = " or ";
        }
        Run r = run("cibadmin", "--query", "--scope", "crm_config", "--xpath", xpath.append(']').toString());
        if (r.exit() == CIB_NOT_FOUND) {
            return Map.of();
        }
        if (r.exit() != 0) {
            throw new PacemakerException("cibadmin --query " + nameBySetId.keySet() + " failed (" + r.exit() + "): " + r.output());
        }
        return parseSets(r.output(), nameBySetId);
    }

    /**
     * Parses cibadmin's answer to an xpath query over property sets: one {@code <cluster_property_set>}, or
     * several inside {@code <xpath-query>}.
     */
    static Map<String, String> parseSets(String output, Map<String, String> nameBySetId) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher set = SET.matcher(output);
        while (set.find()) {
            String setId = set.group(1);
            String wanted = nameBySetId.get(setId);
            if (wanted == null) {
                continue;
            }
            Matcher pair = NVPAIR.matcher(set.group(2));
            while (pair.find()) {
                Matcher n = NAME.matcher(pair.group());
                Matcher v = VALUE.matcher(pair.group());
                if (n.find() && n.group(1).equals(wanted) && v.find()) {
                    values.put(setId, unescape(v.group(1)));
                }
            }
        }
        return values;
    }

    @Override
    public void deleteOnce(String setId) throws PacemakerException {
        Run r = run("cibadmin", "--delete", "--xml-text", "<cluster_property_set id=\"" + xmlAttr(setId) + "\"/>");
        if (r.exit() != 0 && r.exit() != CIB_NOT_FOUND) {
            throw new PacemakerException("cibadmin --delete " + setId + " failed (" + r.exit() + "): " + r.output());
        }
    }

    @Override
    public Optional<Integer> promotionScoreOf(String resource, String node) throws PacemakerException {
        Run r = run("crm_attribute", "-N", node, "-n", "master-" + resource, "-l", "reboot", "-G", "-q");
        if (r.exit() == CIB_NOT_FOUND) {
            return Optional.empty();
        }
        if (r.exit() != 0) {
            throw new PacemakerException("crm_attribute -G master-" + resource + " on " + node + " failed (" + r.exit()
                    + "): " + r.output());
        }
        try {
            return Optional.of(Integer.parseInt(r.output().strip()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // INFINITY or garbage: not a score this agent set
        }
    }

    @Override
    public void promotionScore(String resource, String node, int score) throws PacemakerException {
        String name = "master-" + resource;
        if (score < 0) {
            run("crm_attribute", "-N", node, "-n", name, "-l", "reboot", "-D");
        } else {
            ok("crm_attribute", "-N", node, "-n", name, "-l", "reboot", "-v", Integer.toString(score));
        }
    }

    static String xmlAttr(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
