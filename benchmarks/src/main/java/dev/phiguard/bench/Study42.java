package dev.phiguard.bench;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyException;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.StatementApprovals;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The example policy {@code policies/examples/study-42.yaml} over the demo schema, wired as {@code phiguard server}
 * wires it, through public APIs only.
 */
final class Study42 {

    /** Where the policy file lives in the repository; the jar carries a copy of it. */
    static final Path POLICY_FILE = Path.of("policies", "examples", "study-42.yaml");
    private static final String POLICY_RESOURCE = "/phiguard/policies/study-42.yaml";

    private Study42() {
    }

    /** The study-42 policy, validated by {@link PolicyLoader} (the copy packaged with the benchmarks). */
    static Policy policy() {
        try (InputStream in = Study42.class.getResourceAsStream(POLICY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(POLICY_RESOURCE + " is missing from the benchmarks jar");
            }
            return new PolicyLoader().parse(POLICY_FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The demo database's two tables, as {@code sampledata} creates them. */
    static StaticCatalog catalog() {
        List<String> patients = Arrays.stream(PatientColumn.values()).map(PatientColumn::columnName).toList();
        return StaticCatalog.builder()
                .table("public.patients", patients.toArray(String[]::new))
                .table("public.encounters", "encounter_id", "patient_id", "admitted_at", "discharged_at",
                        "diagnosis_code", "notes")
                .build();
    }

    /** The uncached PostgreSQL analyser of the demo schema. */
    static SqlAnalyzer analyzer() {
        return SqlAnalyzer.postgres(catalog(), AnalyzerSettings.defaults());
    }

    /** A fixed key: tokens are the same in every run. */
    static MaskingKeys keys() {
        byte[] key = new byte[32];
        new SplittableRandom(PatientRows.SEED).nextBytes(key);
        return MaskingKeys.of(key);
    }

    /** Enforcement of one engine, as {@code phiguard server} builds it (no reviewer channel). */
    static PolicyEnforcement enforcement(PolicyEngine engine) {
        return new PolicyEnforcement(List.of(engine), keys(), StatementApprovals.refuseAll(), Duration.ofSeconds(5));
    }

    /** A session of a study-42 lease. */
    static SessionInfo session() {
        return new SessionInfo("bench-session", new SessionGrant("bench-lease", "study-42", "clinic"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000), true, "jmh", Instant.now());
    }
}
