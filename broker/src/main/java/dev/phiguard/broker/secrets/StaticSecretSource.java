package dev.phiguard.broker.secrets;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Development only: a login from environment variables or from a file, read on every acquisition (so a rotated file
 * is picked up at once). The caller logs the development warning once, at start.
 */
final class StaticSecretSource implements SecretSource {

    private final String target;
    private final CredentialSource source;
    private final Function<String, String> environment;

    /**
     * @param environment looks up environment variables ({@code System::getenv} in production)
     */
    StaticSecretSource(String target, CredentialSource source, Function<String, String> environment) {
        this.target = Objects.requireNonNull(target, "target");
        this.source = Objects.requireNonNull(source, "source");
        this.environment = Objects.requireNonNull(environment, "environment");
        if (!(source instanceof CredentialSource.Environment) && !(source instanceof CredentialSource.File)) {
            throw new IllegalArgumentException("not a development source: " + source.getClass().getSimpleName());
        }
    }

    @Override
    public UpstreamSecret acquire(String leaseId) {
        if (source instanceof CredentialSource.Environment env) {
            String user = environment.apply(env.userVariable());
            String password = environment.apply(env.passwordVariable());
            if (user == null || user.isBlank()) {
                throw missing("environment variable " + env.userVariable() + " is not set");
            }
            if (password == null || password.isEmpty()) {
                throw missing("environment variable " + env.passwordVariable() + " is not set");
            }
            return UpstreamSecret.of(user, password.toCharArray());
        }
        CredentialSource.File file = (CredentialSource.File) source;
        char[] password = null;
        try {
            password = SecretFiles.firstLine(file.passwordFile());
            return UpstreamSecret.of(file.user(), password);
        } catch (IOException e) {
            throw missing("password " + e.getMessage());
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    @Override
    public void release(String leaseId) {
        // nothing is made per lease
    }

    @Override
    public void invalidate() {
        // nothing is cached
    }

    @Override
    public void close() {
        // nothing is held
    }

    private UpstreamSecretException missing(String detail) {
        return new UpstreamSecretException(target, UpstreamSecretException.Reason.SOURCE_UNREADABLE, detail);
    }
}
