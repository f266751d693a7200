package dev.phiguard.cli.access;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every client command shares (a picocli mixin): where the broker is and who is asking. The
 * environment is handed in (not read from a static) so that tests can give their own.
 */
public final class BrokerOptions {
    /** Where {@code phiguard server} listens by default. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8420";
    /** The audience asked of GitHub Actions when {@code --audience} is not given. */
    public static final String DEFAULT_AUDIENCE = "phiguard";

    private final Map<String, String> env;

    @Option(names = "--url", paramLabel = "URL",
            description = "The broker's address (default: $PHIGUARD_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the bearer token (an OIDC JWT) from FILE.")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The bearer token itself. It shows in the process list: prefer --token-file or"
                    + " $PHIGUARD_TOKEN.")
    String token;

    @Option(names = "--audience", paramLabel = "AUD",
            description = "Audience of the OIDC token requested from GitHub Actions (default: $PHIGUARD_AUDIENCE,"
                    + " else " + DEFAULT_AUDIENCE + ").")
    String audience;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    public BrokerOptions() {
        this(System.getenv());
    }

    public BrokerOptions(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The broker's address: {@code --url}, {@code PHIGUARD_URL}, or {@link #DEFAULT_URL}. */
    public URI url() {
        String text = url != null ? url : env.getOrDefault("PHIGUARD_URL", DEFAULT_URL);
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "'" + text + "' is not a URL (for example "
                    + DEFAULT_URL + ")");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "'" + text + "' is not an http(s) URL of the"
                    + " broker (for example " + DEFAULT_URL + ")");
        }
        return uri;
    }

    /** A client carrying the caller's token; warns on {@code err} when the token came from {@code --token}. */
    public BrokerClient client(PrintWriter err) {
        String aud = audience != null ? audience : env.getOrDefault("PHIGUARD_AUDIENCE", DEFAULT_AUDIENCE);
        URI broker = url();
        TokenSources.Found found = new TokenSources(env)
                .find(Optional.ofNullable(token), Optional.ofNullable(tokenFile), aud)
                .orElseThrow(() -> new ExitCodes.UserFacingException(ExitCodes.USAGE, "no token: give --token-file"
                        + " FILE or set PHIGUARD_TOKEN (in GitHub Actions grant 'permissions: id-token: write'; in"
                        + " GitLab declare an id_token named PHIGUARD_ID_TOKEN)"));
        if (token != null) {
            err.println("phiguard: warning: --token shows the token in the process list; prefer --token-file FILE"
                    + " or PHIGUARD_TOKEN");
        }
        return new BrokerClient(broker, Optional.of(found.token()));
    }

    /** A client without a token, for the calls that need none ({@code POST /v1/tokens}). */
    public BrokerClient anonymousClient() {
        return new BrokerClient(url(), Optional.<BearerToken>empty());
    }

    /** {@code --verbose}. */
    public boolean verbose() {
        return verbose;
    }
}
