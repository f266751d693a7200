package dev.phiguard.cli.server;

import dev.phiguard.broker.secrets.FakeVault;
import dev.phiguard.broker.secrets.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.lease.LeaseIds;
import dev.phiguard.broker.secrets.UpstreamSecret;
import dev.phiguard.broker.secrets.UpstreamSecretException;
import dev.phiguard.broker.secrets.UpstreamSecrets;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.UpstreamLogin;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter's mapping, with a scripted {@link UpstreamSecrets} (the broker's own behaviour is in its tests). */
class SecretsUpstreamTest {

    private static final String PASSWORD = "s3cret-" + "value-12345";

    @RegisterExtension
    final LogCapture logs = new LogCapture("dev.phiguard");

    private final Scripted secrets = new Scripted();
    private final SecretsUpstream upstream = new SecretsUpstream("clinic", secrets, "clinic", Optional.empty(),
            new SecureRandom());

    @Test
    void theLoginIsMappedAndTheSecretsOwnCopyWiped() {
        UpstreamSecret secret = UpstreamSecret.of("reader", PASSWORD.toCharArray());
        secrets.next = CompletableFuture.completedFuture(secret);

        UpstreamLogin login = upstream.loginFor(session("lease-aaaaaaaaaaaaaaaa")).toCompletableFuture().join();

        assertThat(login.user()).isEqualTo("reader");
        assertThat(new String(login.password())).isEqualTo(PASSWORD);
        assertThat(secret.isWiped()).isTrue();
        assertThat(secrets.asked).containsExactly("clinic lease-aaaaaaaaaaaaaaaa");
    }

    @Test
    void aSecretsFailureIsPassedOnAsItIs() {
        UpstreamSecretException failure = new UpstreamSecretException("clinic",
                UpstreamSecretException.Reason.VAULT_UNREACHABLE, "KV read of secret/x: Vault could not be reached");
        secrets.next = CompletableFuture.failedFuture(failure);

        assertThatThrownBy(() -> upstream.loginFor(session(LeaseIds.next(new SecureRandom()))).toCompletableFuture()
                .join()).isInstanceOf(CompletionException.class).cause().isSameAs(failure);
    }

    @Test
    void anyOtherFailureNamesTheTargetButNotItsMessage() {
        secrets.next = CompletableFuture.failedFuture(new IllegalStateException("password=" + PASSWORD));

        assertThatThrownBy(() -> upstream.loginFor(session(LeaseIds.next(new SecureRandom()))).toCompletableFuture()
                .join()).cause().isInstanceOf(UpstreamSecretException.class)
                .hasMessage("upstream credential for target 'clinic': unexpected failure (IllegalStateException)");
    }

    @Test
    void aFailedReleaseOrCleanupIsLoggedNamingTheTargetAndNeverThrown() {
        secrets.released = CompletableFuture.failedFuture(new UpstreamSecretException("clinic",
                UpstreamSecretException.Reason.ROLE_REMOVAL_FAILED, "dropping the role of lease-x failed"));
        secrets.cleaned = CompletableFuture.failedFuture(new UpstreamSecretException("clinic",
                UpstreamSecretException.Reason.ROLE_CREATION_FAILED, "admin refused"));

        upstream.leaseEnded("lease-aaaaaaaaaaaaaaaa");
        upstream.start(lease -> false);

        assertThat(logs.warnings()).anyMatch(line -> line.contains("target 'clinic': releasing the upstream login"
                + " of lease-aaaaaaaaaaaaaaaa failed: upstream credential for target 'clinic': dropping the role"));
        assertThat(logs.warnings()).anyMatch(line -> line.contains("target 'clinic': cleaning up leftover per-lease"
                + " roles failed: upstream credential for target 'clinic': admin refused"));
        assertThat(String.join("\n", logs.lines())).doesNotContain(PASSWORD);
    }

    @Test
    void closingClosesTheSecrets() {
        upstream.close();

        assertThat(secrets.closed).isTrue();
        assertThat(upstream.toString()).isEqualTo("SecretsUpstream[target=clinic]");
    }

    private static SessionInfo session(String leaseId) {
        return new SessionInfo("s-1", new SessionGrant(leaseId, "study-42", "clinic"),
                new InetSocketAddress("127.0.0.1", 5000), false, "", Instant.now());
    }

    /** Answers with whatever the test put in. */
    private static final class Scripted implements UpstreamSecrets {
        final List<String> asked = new ArrayList<>();
        CompletableFuture<UpstreamSecret> next;
        CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
        CompletableFuture<List<String>> cleaned = CompletableFuture.completedFuture(List.of());
        boolean closed;

        @Override
        public CompletionStage<UpstreamSecret> loginFor(String target, String leaseId) {
            asked.add(target + " " + leaseId);
            return next;
        }

        @Override
        public void invalidate(String target) {
        }

        @Override
        public CompletionStage<Void> leaseEnded(String leaseId) {
            return released;
        }

        @Override
        public CompletionStage<List<String>> cleanupLeftovers(Predicate<String> isLive) {
            return cleaned;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
