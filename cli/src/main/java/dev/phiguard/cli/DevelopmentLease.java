package dev.phiguard.cli;

import dev.phiguard.proxy.port.InMemoryCredentials;
import dev.phiguard.proxy.port.SessionGrant;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The lease that {@code phiguard server} issues for itself on embedded defaults: a random 192-bit password,
 * kept by the proxy only as a SCRAM verifier, handed to the user once through a 0600 file.
 */
final class DevelopmentLease {
    static final String PURPOSE = "study-42";
    static final String ENV_FILE = "dev-lease.env";

    private final String leaseId;
    private char[] password;

    private DevelopmentLease(String leaseId, char[] password) {
        this.leaseId = leaseId;
        this.password = password;
    }

    static DevelopmentLease issue(InMemoryCredentials leases, String targetName, Duration ttl, int maxSessions) {
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[4];
        random.nextBytes(id);
        String leaseId = "lease-dev-" + HexFormat.of().formatHex(id);
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        Arrays.fill(secret, (byte) 0);
        leases.add(leaseId, new SessionGrant(leaseId, PURPOSE, targetName), password, Instant.now().plus(ttl), maxSessions);
        return new DevelopmentLease(leaseId, password);
    }

    String leaseId() {
        return leaseId;
    }

    String purpose() {
        return PURPOSE;
    }

    /**
     * Writes PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE and DATABASE_URL to
     * {@code <dir>/dev-lease.env}, created with mode 0600 and moved into place atomically. The password is
     * forgotten afterwards: it is shown once.
     */
    Path writeEnvFile(Path dir, InetSocketAddress proxy, String database, boolean tlsRequired) throws IOException {
        String host = proxy.getAddress().isAnyLocalAddress() ? "127.0.0.1" : proxy.getHostString();
        String pw = new String(password);
        String sslMode = tlsRequired ? "require" : "prefer";
        String content = "# phiguard development lease " + leaseId + " (purpose " + PURPOSE + ")\n"
                + "# Load with: set -a; . " + dir.resolve(ENV_FILE) + "; set +a\n"
                + "PGHOST=" + host + "\n"
                + "PGPORT=" + proxy.getPort() + "\n"
                + "PGUSER=" + leaseId + "\n"
                + "PGPASSWORD=" + pw + "\n"
                + "PGDATABASE=" + database + "\n"
                + "PGSSLMODE=" + sslMode + "\n"
                + "DATABASE_URL=postgresql://" + leaseId + ":" + pw + "@" + host + ":" + proxy.getPort() + "/"
                + database + "?sslmode=" + sslMode + "\n";
        Path target = dir.resolve(ENV_FILE);
        PrivateFiles.write(target, content.getBytes(StandardCharsets.UTF_8), true);
        Arrays.fill(password, '\0');
        password = new char[0];
        return target;
    }
}
