package dev.phiguard.cli.server;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicySet;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.RecordKeyHashing;
import dev.phiguard.proxy.port.StatementApprovals;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the proxy's policy enforcement: for each target a catalog that is re-read periodically and an analysis
 * cache over it, and for each policy an engine on its target's analysis. Owns the catalogs (close them).
 */
final class Enforcement implements AutoCloseable {

    /** How often a target's catalog is re-read for the SQL analysis (migrations, new views). */
    static final Duration CATALOG_REFRESH = Duration.ofSeconds(30);
    /** How long a statement held for a reviewer may wait. */
    static final Duration APPROVAL_WAIT = Duration.ofMinutes(5);

    private final List<RefreshingCatalog> catalogs = new ArrayList<>();
    private final PolicyEnforcement enforcement;

    Enforcement(PolicySet policies, Map<String, TargetBinding> targets, MaskingKeys keys, RecordKeyHashing hashing) {
        Map<String, CachingAnalyzer> analyzers = new HashMap<>();
        List<PolicyEngine> engines = new ArrayList<>();
        try {
            for (Policy policy : policies.policies()) {
                String targetName = policy.lease().target();
                TargetBinding target = targets.get(targetName);
                if (target == null) {
                    throw new NodeStartException("policy '" + policy.purpose() + "' names target '" + targetName
                            + "', which is not configured (configured: " + targets.keySet() + ")");
                }
                CachingAnalyzer analyzer = analyzers.computeIfAbsent(targetName, name -> analyzerFor(target));
                engines.add(new PolicyEngine(policy, analyzer));
            }
            this.enforcement = new PolicyEnforcement(engines, keys, StatementApprovals.refuseAll(), APPROVAL_WAIT,
                    hashing, PolicyEnforcement.DEFAULT_MAX_RECORD_KEYS_PER_STATEMENT);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private CachingAnalyzer analyzerFor(TargetBinding target) {
        RefreshingCatalog catalog;
        try {
            catalog = RefreshingCatalog.start(target.catalog(), CATALOG_REFRESH);
        } catch (SQLException e) {
            throw new NodeStartException("cannot read the catalog of target '" + target.name() + "': "
                    + e.getMessage(), e);
        }
        catalogs.add(catalog);
        CachingAnalyzer analyzer = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()));
        catalog.invalidates(analyzer);
        return analyzer;
    }

    PolicyEnforcement enforcement() {
        return enforcement;
    }

    @Override
    public void close() {
        catalogs.forEach(RefreshingCatalog::close);
    }
}
