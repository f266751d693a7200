package dev.phiguard.broker.secrets;

import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * A stand-in for a phiguard server that is killed: creates the per-lease role of the lease named in its argument,
 * prints {@code created <role>}, then waits to be killed. The administrative login comes from the environment
 * ({@code PG_URL}, {@code PG_ADMIN_USER}, {@code PG_ADMIN_PASSWORD}), never from an argument.
 */
public final class EphemeralRoleChild {

    private EphemeralRoleChild() {
    }

    public static void main(String[] args) throws Exception {
        String leaseId = args[0];
        EphemeralRoles roles = new EphemeralRoles("child", () -> {
            Properties properties = new Properties();
            properties.setProperty("user", System.getenv("PG_ADMIN_USER"));
            properties.setProperty("password", System.getenv("PG_ADMIN_PASSWORD"));
            return DriverManager.getConnection(System.getenv("PG_URL"), properties);
        }, "phiguard_", new SecureRandom(), Clock.systemUTC());
        try (UpstreamSecret secret = roles.create(leaseId, Instant.now().plus(Duration.ofHours(1)),
                RoleTarget.READ_ROLE, 2)) {
            System.out.println("created " + secret.user());
            System.out.flush();
        }
        while (System.in.read() >= 0) {
            // wait for the kill
        }
    }
}
