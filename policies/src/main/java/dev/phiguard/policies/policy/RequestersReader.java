package dev.phiguard.policies.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code requesters}: who may request a lease. */
final class RequestersReader {

    static final List<String> KEYS = List.of("issuer", "subject", "groups", "claims");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Values values;

    RequestersReader(Values values) {
        this.values = values;
    }

    Optional<List<RequesterRule>> read(YamlNode node, String path) {
        return values.list(node, path, false, this::rule);
    }

    private Optional<RequesterRule> rule(YamlNode node, String path) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int before = values.problems().count();
        MappingReader keys = new MappingReader(mapping.get(), path, KEYS, values.problems());
        Optional<String> issuer = keys.required("issuer").flatMap(value -> issuer(value, keys.path("issuer")));
        Optional<YamlNode> subjectNode = keys.optional("subject");
        Optional<Glob> subject = subjectNode.flatMap(value -> glob(value, keys.path("subject")));
        Optional<YamlNode> groupsNode = keys.optional("groups");
        Set<String> groups = groupsNode
                .flatMap(value -> values.list(value, keys.path("groups"), false, this::group))
                .map(Set::copyOf).orElse(Set.of());
        Optional<YamlNode> claimsNode = keys.optional("claims");
        Map<String, Glob> claims = claimsNode.flatMap(value -> claims(value, keys.path("claims"))).orElse(Map.of());
        if (subjectNode.isEmpty() && groupsNode.isEmpty() && claimsNode.isEmpty()) {
            values.problems().at(node, "requester rule '" + path + "' must name a subject, groups or claims: a rule "
                    + "that admits every identity of an issuer is not allowed (write subject: \"*\" if that is meant)");
        }
        if (values.problems().count() > before || issuer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RequesterRule(issuer.get(), subject, groups, claims));
    }

    private Optional<String> issuer(YamlNode node, String path) {
        return values.string(node, path).flatMap(text -> text.equals(RequesterRule.LOCAL_ISSUER) || isIssuerUrl(text)
                ? Optional.of(text)
                : values.fail(node, "'" + path + "' must be '" + RequesterRule.LOCAL_ISSUER + "' or an issuer's https "
                        + "URL like https://token.actions.githubusercontent.com, got '" + text + "'"));
    }

    private static boolean isIssuerUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            boolean secure = "https".equals(scheme) || "http".equals(scheme) && LOOPBACK_HOSTS.contains(host);
            return secure && host != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Optional<Glob> glob(YamlNode node, String path) {
        return values.string(node, path).flatMap(text -> {
            try {
                return Optional.of(Glob.of(text));
            } catch (IllegalArgumentException e) {
                return values.fail(node, "'" + path + "' is not a valid glob: " + e.getMessage());
            }
        });
    }

    private Optional<String> group(YamlNode node, String path) {
        return values.matching(node, path, Names.GROUP,
                "a group name (up to 256 characters, no spaces at either end)");
    }

    private Optional<Map<String, Glob>> claims(YamlNode node, String path) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        if (mapping.get().entries().isEmpty()) {
            return values.fail(node, "'" + path + "' is an empty mapping; name at least one claim or leave the key out");
        }
        Map<String, Glob> claims = new LinkedHashMap<>();
        Set<String> failed = new HashSet<>();
        for (YamlNode.Entry entry : mapping.get().entries()) {
            String claimPath = KeyPath.child(path, entry.key());
            if (!Names.CLAIM.matcher(entry.key()).matches()) {
                values.problems().at(entry.keyPosition(), "claim name '" + entry.key() + "' " + KeyPath.in(path)
                        + " must be letters, digits and _ . : / - (like repository or job_workflow_ref)");
                failed.add(entry.key());
                continue;
            }
            glob(entry.value(), claimPath).ifPresentOrElse(glob -> claims.put(entry.key(), glob), () -> failed.add(entry.key()));
        }
        return failed.isEmpty() ? Optional.of(claims) : Optional.empty();
    }
}
