package galera.agent.pacemaker;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * string that reaches a shell: arguments are passed as a list, with no shell in between. Not final: a unit test
 * overrides {@link #runAll} to answer for the tools (PacemakerCliRunsTest).
 */
public class PacemakerCli implements Pacemaker {
    private static final Pattern VALUE = Pattern.compile(" value=\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile(" name=\"([^\"]*)\"");
    private static final Pattern SET = Pattern.compile(
            "<cluster_property_set\\b[^>]*\\bid=\"([^\"]*)\"[^>]*>(.*?)</cluster_property_set>", Pattern.DOTALL);
    private static final Pattern NVPAIR = Pattern.compile("<nvpair\\b[^>]*/>");
    private static final int CIB_CREATE_EXISTS = 108;
    private static final int CIB_NOT_FOUND = 105;
    private static final int NO_QUORUM = 106;
    private static final String[] QUORUM = {"crm_node", "-q"};

    private final long timeoutMs;
    /** This node's name in the cluster: asked once, it does not change while the agent runs. */
    private volatile String self;

    public PacemakerCli(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    record Run(int exit, String output) {
    }

    Run run(String... cmd) throws PacemakerException {
        return runAll(List.<String[]>of(cmd)).get(0);
    }

    /**
     * Runs independent commands side by side and waits for all: each Pacemaker tool spends most of its time
     * waiting on a daemon's IPC, so on a busy node (every node is, while a cluster recovers) three reads together
     * take about as long as one.
     */
    List<Run> runAll(List<String[]> cmds) throws PacemakerException {
        List<Process> started = new ArrayList<>();
        List<java.io.File> outputs = new ArrayList<>();
        try {
            for (String[] cmd : cmds) {
                // Into a file, not a pipe: the timeout below then holds even for a tool that hangs with its
                // output open (reading a pipe to its end would wait for it for ever).
                java.io.File out = java.io.File.createTempFile("galera-agent-pcmk", ".out");
                outputs.add(out);
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
                p.getOutputStream().close();
                started.add(p);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                Process p = started.get(i);
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new PacemakerException(String.join(" ", cmds.get(i)) + ": no answer within " + timeoutMs + " ms");
                }
                String out = java.nio.file.Files.readString(outputs.get(i).toPath(), StandardCharsets.UTF_8);
                runs.add(new Run(p.exitValue(), out.trim()));
            }
            return runs;
        } catch (IOException e) {
            throw new PacemakerException(cmds.get(Math.min(started.size(), cmds.size() - 1))[0] + " cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PacemakerException(cmds.get(0)[0] + ": interrupted");
        } finally {
            started.forEach(p -> {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            });
            outputs.forEach(java.io.File::delete);
        }
    }

    private static void check(Run r, String... cmd) throws PacemakerException {
        if (r.exit() != 0) {
            throw new PacemakerException(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.output());
        }
    }

    private Run ok(String... cmd) throws PacemakerException {
        Run r = run(cmd);
        check(r, cmd);
        return r;
    }

    /**
     * Two tool runs side by side instead of four or five: {@code crm_node -q} for quorum (corosync's word, never a
     * copy), and one {@code cibadmin --query} for the rest, from this node's copy of the CIB: membership
     * ({@code node_state in_ccm}), every node's transient attributes (our position attribute, which attrd writes
     * there at once, and the promotion scores, {@link #SCORE_DAMPENING} later), and the property sets. Each run costs about
     * 50 ms of CPU, and three agents tick every second while a cluster recovers on a node that is short of CPU.
     * Without {@code askQuorum}, the CIB read alone.
     */
    @Override
    public Snapshot snapshot(String attribute, Map<String, String> nameBySetId, String resource, boolean askQuorum)
            throws PacemakerException {
        CibRead r = readCib(askQuorum);
        String self = this.self == null ? "" : this.self; // asked again next time
        // crm_node -q prints 0 and exits 106 (no quorum) in a partition without quorum, and fails while the
        // controller is not up yet (at boot, until Pacemaker has elected a DC). Either way there is no quorum
        // to act on, but the rest of the snapshot holds, and this node's position is worth publishing: the
        // local CIB takes attribute writes before the first DC election.
        return parseCib(self, r.quorum() != null && quorate(r.quorum()), r.cib().output(), attribute, nameBySetId,
                resource == null ? null : "master-" + resource);
    }

    @Override
    public boolean stopIsForQuorumLoss() throws PacemakerException {
        String[] policy = {"crm_attribute", "-t", "crm_config", "-n", "no-quorum-policy", "-G", "-q"};
        List<Run> r = runAll(List.of(QUORUM, policy));
        return !definiteQuorum(r.get(0)) && property(r.get(1), policy).orElse("stop").equals("stop");
    }

    /**
     * Quorum from {@code crm_node -q}, and the rest from one {@code cibadmin --query} read beside it (see
     * {@link Placement}): two tool runs side by side, on the path of the probe that Pacemaker's first transition
     * after a power cut waits for.
     */
    @Override
    public Optional<String> whyNotResume(String resource) throws PacemakerException {
        CibRead r = readCib(true);
        if (this.self == null) {
            throw new PacemakerException("crm_node -n gave no node name");
        }
        if (!definiteQuorum(r.quorum())) {
            return Optional.of("this node's partition has no quorum");
        }
        return Placement.whyNot(document(r.cib().output()), this.self, resource);
    }

    /** One {@code cibadmin --query}, and the {@code crm_node -q} run beside it, if asked (null otherwise). */
    private record CibRead(Run quorum, Run cib) {
    }

    /**
     * {@code cibadmin --query} (checked), with {@code crm_node -q} beside it when asked, and this node's name with
     * them until it is known: a warning may come first, so the name is the last line.
     */
    private CibRead readCib(boolean askQuorum) throws PacemakerException {
        String[] cib = {"cibadmin", "--query"};
        String[] name = {"crm_node", "-n"};
        List<String[]> cmds = new ArrayList<>();
        cmds.add(cib);
        if (askQuorum) {
            cmds.add(QUORUM);
        }
        boolean askName = this.self == null;
        if (askName) {
            cmds.add(name);
        }
        List<Run> r = runAll(cmds);
        check(r.get(0), cib);
        if (askName) {
            Run n = r.get(r.size() - 1);
            if (n.exit() == 0 && !n.output().isBlank()) {
                this.self = lastLine(n);
            }
        }
        return new CibRead(askQuorum ? r.get(1) : null, r.get(0));
    }

    /** The last line of a tool's output: stderr is merged in, and a warning may come first. */
    private static String lastLine(Run r) {
        String[] lines = r.output().strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    /** {@code crm_node -q}, strictly: 1 (exit 0) quorate, 0 (exit 106) not; anything else is no answer. */
    static boolean definiteQuorum(Run r) throws PacemakerException {
        String last = lastLine(r);
        if (r.exit() == 0 && last.equals("1")) {
            return true;
        }
        if (r.exit() == NO_QUORUM || (r.exit() == 0 && last.equals("0"))) {
            return false;
        }
        throw new PacemakerException("crm_node -q gave no answer (exit " + r.exit() + "): " + r.output());
    }

    /** A {@code crm_attribute -G -q} answer: the value, empty when unset (exit 105), an exception otherwise. */
    static Optional<String> property(Run r, String[] cmd) throws PacemakerException {
        if (r.exit() == CIB_NOT_FOUND) {
            return Optional.empty();
        }
        if (r.exit() != 0) {
            throw new PacemakerException(String.join(" ", cmd) + " failed (exit " + r.exit() + "): " + r.output());
        }
        return Optional.of(lastLine(r));
    }

    /** Pacemaker's own reading of a boolean (crm_is_true): on, true, yes, y, 1. */
    static boolean isTrue(Optional<String> value) {
        return value.map(v -> List.of("on", "true", "yes", "y", "1").contains(v.strip().toLowerCase(java.util.Locale.ROOT)))
                .orElse(false);
    }

    /** {@code crm_node -q}: quorate only when it says so; "no quorum" (exit 106) and no answer are not. */
    static boolean quorate(Run r) {
        try {
            return definiteQuorum(r);
        } catch (PacemakerException e) {
            return false;
        }
    }

    /** A {@code cibadmin --query} answer as a document; the tool's warnings share its output (stderr is merged in). */
    static Document document(String output) throws PacemakerException {
        int from = output.indexOf("<cib");
        int to = output.lastIndexOf("</cib>");
        if (from < 0 || to < from) {
            throw new PacemakerException("cibadmin --query: not a CIB: "
                    + output.substring(0, Math.min(200, output.length())).strip());
        }
        String xml = output.substring(from, to + "</cib>".length());
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new PacemakerException("cibadmin --query: not a CIB: " + e.getMessage());
        }
        if (!"cib".equals(doc.getDocumentElement().getTagName())) {
            throw new PacemakerException("cibadmin --query: not a CIB: <" + doc.getDocumentElement().getTagName() + ">");
        }
        return doc;
    }

    /**
     * Reads a {@code cibadmin --query} answer. A node is in the partition when its {@code node_state} says
     * {@code in_ccm="true"} (Pacemaker 2.1.7 and later write a timestamp there instead). Attributes are read
     * only for nodes in the partition's status section; a departed node's are removed by the DC.
     */
    static Snapshot parseCib(String self, boolean quorate, String output, String attribute, Map<String, String> nameBySetId,
                             String scoreName) throws PacemakerException {
        Document doc = document(output);
        Map<String, String> sets = new LinkedHashMap<>();
        NodeList propertySets = doc.getElementsByTagName("cluster_property_set");
        for (int i = 0; i < propertySets.getLength(); i++) {
            Element set = (Element) propertySets.item(i);
            String wanted = nameBySetId.get(set.getAttribute("id"));
            if (wanted != null && isIn(set, "crm_config")) {
                nvpair(set, wanted).ifPresent(v -> sets.put(set.getAttribute("id"), v));
            }
        }
        List<String> partition = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> scores = new HashMap<>();
        NodeList states = doc.getElementsByTagName("node_state");
        for (int i = 0; i < states.getLength(); i++) {
            Element state = (Element) states.item(i);
            String node = state.getAttribute("uname");
            if (node.isEmpty() || !member(state.getAttribute("in_ccm"))) {
                continue;
            }
            partition.add(node);
            NodeList transients = state.getElementsByTagName("transient_attributes");
            for (int j = 0; j < transients.getLength(); j++) {
                Element t = (Element) transients.item(j);
                nvpair(t, attribute).filter(v -> !v.isEmpty()).ifPresent(v -> values.put(node, v));
                if (scoreName != null) {
                    nvpair(t, scoreName).ifPresent(v -> {
                        try {
                            scores.put(node, Integer.parseInt(v.strip()));
                        } catch (NumberFormatException e) {
                            // INFINITY or garbage: not a score this agent set
                        }
                    });
                }
            }
        }
        return new Snapshot(new ClusterView(self, quorate, partition, values), sets, scores);
    }

    private static boolean member(String inCcm) {
        return inCcm.equals("true") || (inCcm.matches("[0-9]+") && !inCcm.matches("0+"));
    }

    private static boolean isIn(Element e, String ancestor) {
        for (org.w3c.dom.Node p = e.getParentNode(); p != null; p = p.getParentNode()) {
            if (p instanceof Element pe && pe.getTagName().equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /** The value of the first {@code <nvpair name="name">} under {@code parent}. */
    private static Optional<String> nvpair(Element parent, String name) {
        NodeList pairs = parent.getElementsByTagName("nvpair");
        for (int i = 0; i < pairs.getLength(); i++) {
            Element p = (Element) pairs.item(i);
            if (p.getAttribute("name").equals(name) && p.hasAttribute("value")) {
                return Optional.of(p.getAttribute("value"));
            }
        }
        return Optional.empty();
    }

    private String self() throws PacemakerException {
        String self = this.self;
        if (self == null) {
            self = lastLine(ok("crm_node", "-n"));
            this.self = self;
        }
        return self;
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
        promotionScores(resource, Map.of(node, score));
    }

    /**
     * How long attrd holds a promotion score back before it writes it to the CIB, gathering the other scores set
     * meanwhile into the same write. The elected node's agent sets three scores at once (its own and its
     * joiners'), and attrd wrote them 20-45 ms apart: the DC then sometimes scheduled the first alone and
     * promoted the others in a second transition, after the first one's promote had finished (2-3 s later;
     * seen on the lab in both orders, the bootstrap first, or a joiner first and the bootstrap after it). attrd
     * restarts the wait at each change of the attribute, and writes the values of every node together.
     */
    static final String SCORE_DAMPENING = "400ms";

    /**
     * Through attrd with {@link #SCORE_DAMPENING}, every command started before any is waited for, so that the
     * scores reach the CIB in one write and Pacemaker promotes their nodes in one transition.
     */
    @Override
    public void promotionScores(String resource, Map<String, Integer> scoreByNode) throws PacemakerException {
        String name = "master-" + resource;
        List<String[]> cmds = new ArrayList<>();
        List<Integer> scores = new ArrayList<>();
        scoreByNode.forEach((node, score) -> {
            cmds.add(score < 0
                    ? new String[] {"attrd_updater", "-n", name, "-N", node, "-D"}
                    : new String[] {"attrd_updater", "-n", name, "-N", node, "-B", Integer.toString(score), "-d", SCORE_DAMPENING});
            scores.add(score);
        });
        List<Run> runs = runAll(cmds);
        for (int i = 0; i < cmds.size(); i++) {
            if (scores.get(i) >= 0) { // removing a score that is not there is fine
                check(runs.get(i), cmds.get(i));
            }
        }
    }

    static String xmlAttr(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
