package dev.tally.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * What a NetworkPolicy lets through, evaluated the way Kubernetes does for the peers this chart
 * uses: a rule admits a connection when one of its ports matches (no ports: any) and one of its
 * peers matches (no peers: any). Pods are in the policy's namespace unless a namespace selector is
 * involved; an ipBlock matches only connections to an address outside the cluster's pods.
 */
final class PolicyEvaluator {

    /** The other end of a connection. */
    interface Peer {}

    /** A pod in the same namespace as the policy. */
    record Pod(Map<String, String> labels) implements Peer {}

    /** A pod in another namespace. */
    record ForeignPod(Map<String, String> namespaceLabels, Map<String, String> labels) implements Peer {}

    /** An address outside the cluster (IPv4). */
    record External(String ipv4) implements Peer {}

    private PolicyEvaluator() {}

    static boolean admitsIngress(NetworkPolicy policy, Peer from, int port, String protocol) {
        return policy.getSpec().getIngress().stream()
                .anyMatch(rule -> portsMatch(rule.getPorts(), port, protocol) && peersMatch(rule.getFrom(), from));
    }

    static boolean admitsEgress(NetworkPolicy policy, Peer to, int port, String protocol) {
        return policy.getSpec().getEgress().stream()
                .anyMatch(rule -> portsMatch(rule.getPorts(), port, protocol) && peersMatch(rule.getTo(), to));
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, int port, String protocol) {
        return ports == null
                || ports.isEmpty()
                || ports.stream()
                        .anyMatch(p -> (p.getProtocol() == null ? "TCP" : p.getProtocol()).equals(protocol)
                                && portMatches(p.getPort(), port));
    }

    private static boolean portMatches(IntOrString policyPort, int port) {
        if (policyPort == null) {
            return true;
        }
        if (policyPort.getIntVal() == null) {
            throw new IllegalArgumentException("named ports are not evaluated here: " + policyPort.getStrVal());
        }
        return policyPort.getIntVal() == port;
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, Peer peer) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(p -> peerMatches(p, peer));
    }

    private static boolean peerMatches(NetworkPolicyPeer rule, Peer peer) {
        if (rule.getIpBlock() != null) {
            return peer instanceof External external
                    && inCidr(external.ipv4(), rule.getIpBlock().getCidr())
                    && (rule.getIpBlock().getExcept() == null
                            || rule.getIpBlock().getExcept().stream().noneMatch(cidr -> inCidr(external.ipv4(), cidr)));
        }
        if (peer instanceof Pod pod) {
            return rule.getNamespaceSelector() == null && selects(rule.getPodSelector(), pod.labels());
        }
        if (peer instanceof ForeignPod pod) {
            return rule.getNamespaceSelector() != null
                    && selects(rule.getNamespaceSelector(), pod.namespaceLabels())
                    && selects(rule.getPodSelector(), pod.labels());
        }
        return false;
    }

    /** A null selector selects everything, as an empty one does. */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchExpressions() != null
                && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalArgumentException("matchExpressions are not evaluated here");
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean inCidr(String ipv4, String cidr) {
        String[] parts = cidr.split("/");
        if (parts[0].contains(":")) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (toLong(ipv4) & mask) == (toLong(parts[0]) & mask);
    }

    private static long toLong(String ipv4) {
        long value = 0;
        for (String octet : ipv4.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
