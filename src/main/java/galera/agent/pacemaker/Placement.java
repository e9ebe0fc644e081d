package galera.agent.pacemaker;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What in the CIB's configuration could keep Pacemaker from running a resource on one node, read without the
 * scheduler. This is not Pacemaker's placement: it answers "does anything speak against it?", and anything the
 * agent does not evaluate (a rule, a pattern, a ticket, fewer clone instances than nodes) counts against it. The
 * one caller, the resume of a node stopped for quorum loss, is only a shortcut for a start Pacemaker would
 * schedule anyway, so a doubt costs a start and never a wrong resume.
 */
final class Placement {
    private Placement() {
    }

    /**
     * @param resource the primitive's id as Pacemaker hands it to the resource agent (an instance suffix such as
     *                 {@code :0} is ignored)
     * @return why the resource should not be resumed on {@code self}, or empty when nothing in the CIB speaks
     *         against it
     */
    static Optional<String> whyNot(Document cib, String self, String resource) {
        String primitiveId = resource.replaceFirst(":[0-9]+$", "");
        Element primitive = byId(cib, "primitive", primitiveId);
        if (primitive == null) {
            return Optional.of("resource " + primitiveId + " is not in the CIB's configuration");
        }
        List<Element> chain = new ArrayList<>(); // the primitive, then each container up to <resources>
        for (Node n = primitive; n instanceof Element e && !e.getTagName().equals("resources"); n = n.getParentNode()) {
            chain.add(e);
        }
        Set<String> ids = new LinkedHashSet<>();
        chain.forEach(e -> ids.add(e.getAttribute("id")));
        for (Element tag : elements(cib.getDocumentElement(), "tag")) { // a constraint may name a tag of it
            for (Element ref : children(tag, "obj_ref")) {
                if (ids.contains(ref.getAttribute("id"))) {
                    ids.add(tag.getAttribute("id"));
                }
            }
        }

        Optional<String> why = clusterMaintenance(cib);
        if (why.isEmpty()) {
            why = nodeState(cib, self);
        }
        if (why.isEmpty()) {
            why = resourceMeta(cib, chain);
        }
        if (why.isEmpty()) {
            why = constraints(cib, self, ids);
        }
        return why;
    }

    /** Cluster options that stop or pin every resource, and resource defaults that apply to this one too. */
    private static Optional<String> clusterMaintenance(Document cib) {
        for (Element set : elements(cib.getDocumentElement(), "cluster_property_set")) {
            if (PacemakerCli.isTrue(directNvpair(set, "maintenance-mode"))) {
                return Optional.of("the cluster is in maintenance mode");
            }
            if (PacemakerCli.isTrue(directNvpair(set, "stop-all-resources"))) {
                return Optional.of("the cluster has stop-all-resources set");
            }
            Optional<String> symmetric = directNvpair(set, "symmetric-cluster");
            if (symmetric.isPresent() && !PacemakerCli.isTrue(symmetric)) {
                return Optional.of("the cluster is opt-in (symmetric-cluster=" + symmetric.get()
                        + "): where a resource may run is for its location constraints, which the agent does not weigh");
            }
        }
        for (Element defaults : elements(cib.getDocumentElement(), "rsc_defaults")) {
            Optional<String> why = meta(defaults, "the resource defaults");
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    /** Standby or maintenance of this node, for good ({@code <nodes>}) or until it reboots (its status). */
    private static Optional<String> nodeState(Document cib, String self) {
        Element node = configuredNodes(cib).stream().filter(n -> self.equals(n.getAttribute("uname"))).findFirst().orElse(null);
        if (node == null) {
            return Optional.of("this node (" + self + ") is not among the CIB's nodes");
        }
        Optional<String> why = standbyOrMaintenance(children(node, "instance_attributes")).map(s -> "node " + self + " is in " + s);
        for (Element state : elements(cib.getDocumentElement(), "node_state")) {
            for (Element transients : self.equals(state.getAttribute("uname")) ? children(state, "transient_attributes") : List.<Element>of()) {
                why = why.or(() -> standbyOrMaintenance(children(transients, "instance_attributes"))
                        .map(s -> "node " + self + " is in " + s + " until it reboots"));
            }
        }
        return why;
    }

    /** "standby" or "maintenance" when one of these node attribute sets turns it on. */
    private static Optional<String> standbyOrMaintenance(List<Element> attributeSets) {
        for (Element attrs : attributeSets) {
            for (String name : List.of("standby", "maintenance")) {
                if (PacemakerCli.isTrue(directNvpair(attrs, name))) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    /** The nodes of the configuration ({@code <nodes><node>}), not the status section's. */
    private static List<Element> configuredNodes(Document cib) {
        return elements(cib.getDocumentElement(), "node").stream().filter(n -> under(n, "nodes")).toList();
    }

    /** A target-role other than Started or Promoted, unmanaged, in maintenance, or fewer clone instances than nodes. */
    private static Optional<String> resourceMeta(Document cib, List<Element> chain) {
        int nodes = configuredNodes(cib).size();
        for (Element e : chain) {
            String id = e.getAttribute("id");
            Optional<String> why = meta(e, id);
            if (why.isPresent()) {
                return why;
            }
            for (Element meta : children(e, "meta_attributes")) {
                Optional<String> max = directNvpair(meta, "clone-max");
                if (max.isPresent() && e.getTagName().equals("clone") && !atLeast(max.get(), nodes)) {
                    return Optional.of(id + " has clone-max=" + max.get() + " for " + nodes + " nodes: Pacemaker chooses where");
                }
            }
        }
        return Optional.empty();
    }

    /** The meta attributes of {@code owner} that keep a resource from running: target-role, is-managed, maintenance. */
    private static Optional<String> meta(Element owner, String label) {
        for (Element meta : children(owner, "meta_attributes")) {
            if (meta.hasAttribute("id-ref") || children(meta, "nvpair").stream().anyMatch(p -> p.hasAttribute("id-ref"))) {
                return Optional.of("meta attributes by reference (id-ref) on " + label + ", which the agent does not follow");
            }
            Optional<String> role = directNvpair(meta, "target-role");
            if (role.isPresent() && !List.of("started", "promoted", "master").contains(role.get().toLowerCase(Locale.ROOT))) {
                return Optional.of("target-role=" + role.get() + " on " + label);
            }
            Optional<String> managed = directNvpair(meta, "is-managed");
            if (managed.isPresent() && !PacemakerCli.isTrue(managed)) {
                return Optional.of("unmanaged: is-managed=" + managed.get() + " on " + label);
            }
            if (PacemakerCli.isTrue(directNvpair(meta, "maintenance"))) {
                return Optional.of("in maintenance: maintenance=true on " + label);
            }
        }
        return Optional.empty();
    }

    /**
     * A location constraint that keeps the resource (or a container or tag of it) off this node, by a negative
     * score or a ban of one role; one whose rules or pattern the agent does not evaluate; a colocation where it
     * is the dependent, or with a negative score; an order that starts it after something; a ticket.
     */
    private static Optional<String> constraints(Document cib, String self, Set<String> ids) {
        for (Element c : elements(cib.getDocumentElement(), "rsc_location")) {
            String id = c.getAttribute("id");
            boolean pattern = c.hasAttribute("rsc-pattern");
            if (!pattern && !ids.contains(c.getAttribute("rsc")) && !inSets(c, ids)) {
                continue;
            }
            if (pattern) {
                return Optional.of("location constraint " + id + " matches resources by a pattern, which the agent does not evaluate");
            }
            if (self.equals(c.getAttribute("node")) && (!c.hasAttribute("score") || negative(c.getAttribute("score")))) {
                return Optional.of("location constraint " + id + " keeps " + c.getAttribute("rsc")
                        + (c.hasAttribute("role") ? " (role " + c.getAttribute("role") + ")" : "") + " off node " + self);
            }
            for (Element rule : children(c, "rule")) {
                if (!rule.hasAttribute("score") || negative(rule.getAttribute("score"))) {
                    return Optional.of("location constraint " + id + " has a rule that may keep it off this node, which the agent does not evaluate");
                }
            }
        }
        for (Element c : elements(cib.getDocumentElement(), "rsc_colocation")) {
            // As the dependent (rsc, or in a set) it goes only where the other may run; either way a negative score
            // keeps them apart.
            boolean dependent = ids.contains(c.getAttribute("rsc")) || inSets(c, ids);
            boolean mine = dependent || ids.contains(c.getAttribute("with-rsc"));
            if (mine && (dependent || !c.hasAttribute("score") || negative(c.getAttribute("score")))) {
                return Optional.of("colocation constraint " + c.getAttribute("id") + " may keep it off this node");
            }
        }
        for (Element c : elements(cib.getDocumentElement(), "rsc_order")) {
            if (ids.contains(c.getAttribute("then")) || inSets(c, ids)) {
                return Optional.of("order constraint " + c.getAttribute("id") + " starts it after "
                        + (c.hasAttribute("first") ? c.getAttribute("first") : "other resources"));
            }
        }
        for (Element c : elements(cib.getDocumentElement(), "rsc_ticket")) {
            if (ids.contains(c.getAttribute("rsc")) || inSets(c, ids)) {
                return Optional.of("it depends on ticket " + c.getAttribute("ticket") + " (constraint " + c.getAttribute("id") + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean inSets(Element constraint, Set<String> ids) {
        for (Element ref : elements(constraint, "resource_ref")) {
            if (ids.contains(ref.getAttribute("id"))) {
                return true;
            }
        }
        return false;
    }

    /** Pacemaker's scores: an integer, or [+-]INFINITY (also "inf"); anything else counts as negative. */
    static boolean negative(String score) {
        String s = score.strip().toLowerCase(Locale.ROOT);
        if (s.equals("infinity") || s.equals("+infinity") || s.equals("inf") || s.equals("+inf")) {
            return false;
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s) < 0;
        } catch (NumberFormatException e) {
            return true; // -INFINITY, -inf, or not a score: against
        }
    }

    private static boolean atLeast(String value, int n) {
        try {
            return Integer.parseInt(value.strip()) >= n;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Element byId(Document cib, String tag, String id) {
        for (Element e : elements(cib.getDocumentElement(), tag)) {
            if (id.equals(e.getAttribute("id")) && under(e, "resources")) {
                return e;
            }
        }
        return null;
    }

    private static boolean under(Element e, String ancestor) {
        for (Node p = e.getParentNode(); p != null; p = p.getParentNode()) {
            if (p instanceof Element pe && pe.getTagName().equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /** The value of an {@code <nvpair name="name">} that is a direct child of {@code set}: the last one wins. */
    private static Optional<String> directNvpair(Element set, String name) {
        Optional<String> value = Optional.empty();
        for (Element p : children(set, "nvpair")) {
            if (name.equals(p.getAttribute("name")) && p.hasAttribute("value")) {
                value = Optional.of(p.getAttribute("value"));
            }
        }
        return value;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> elements(Element root, String tag) {
        NodeList list = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }
}
