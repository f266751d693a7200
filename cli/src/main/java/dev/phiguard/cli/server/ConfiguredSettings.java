package dev.phiguard.cli.server;

import dev.phiguard.broker.identity.IssuerConfig;
import dev.phiguard.broker.identity.KeySource;
import dev.phiguard.cli.HostPort;
import dev.phiguard.cli.server.config.CredentialSources;
import dev.phiguard.cli.server.config.ServerConfig;
import dev.phiguard.cli.server.config.ServerConfig.IssuerSection;
import dev.phiguard.cli.server.config.ServerConfig.TargetSection;
import dev.phiguard.proxy.config.ClientTls;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.tls.DevelopmentCertificate;
import dev.phiguard.proxy.tls.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Turns a {@link ServerConfig} read from a file into the settings of a node. */
public final class ConfiguredSettings {

    private ConfiguredSettings() {
    }

    /**
     * The node's settings.
     *
     * @param config the configuration file's content
     * @param overrides command-line options that take precedence over the file
     */
    public static NodeSettings from(ServerConfig config, Overrides overrides) {
        Path dataDir = overrides.dataDir().orElse(config.dataDir());
        HostPort addresses = new HostPort();
        InetSocketAddress api = overrides.apiListen().orElseGet(() -> addresses.convert(config.listen()));
        InetSocketAddress proxy = overrides.proxyListen().orElseGet(() -> addresses.convert(config.proxy().listen()));
        Optional<InetSocketAddress> advertised = Optional.ofNullable(config.proxy().publicAddress())
                .map(addresses::convert);
        Map<String, TargetBinding> targets = new LinkedHashMap<>();
        try {
            config.targets().forEach((name, section) -> targets.put(name, target(name, section, config)));
        } catch (RuntimeException e) {
            targets.values().forEach(binding -> binding.lifecycle().close());
            throw e;
        }
        return new NodeSettings(config.node() == null ? hostName() : config.node(), dataDir, api, proxy, advertised,
                clientTls(config, dataDir, overrides.requireTls()), targets, store(config),
                config.issuers().stream().map(ConfiguredSettings::issuer).toList(), config.developmentIssuer(),
                overrides.policiesDir().or(() -> Optional.of(config.policies())), overrides.passThrough(),
                dataDir.resolve(MaskingKeyFile.FILE),
                new NodeSettings.RecordingSettings(
                        Optional.ofNullable(config.recordings().directory()).orElse(dataDir.resolve("recordings")),
                        config.recordings().literals().equals("hash"),
                        Optional.ofNullable(config.recordings().encryptionKeyFile()),
                        config.recordings().flushIntervalDuration()),
                config.audit().statementWindowDuration());
    }

    /** Options given on the command line, which win over the file. */
    public record Overrides(Optional<Path> dataDir, Optional<InetSocketAddress> apiListen,
                            Optional<InetSocketAddress> proxyListen, boolean requireTls, Optional<Path> policiesDir,
                            boolean passThrough) {
    }

    private static TargetBinding target(String name, TargetSection section, ServerConfig config) {
        Target.UpstreamTls tls = Target.UpstreamTls.DISABLED;
        if (section.tls().equals("verify-full")) {
            try {
                tls = new Target.UpstreamTls.VerifyFull(TlsContexts.forUpstreamVerifyFull(section.caFile()));
            } catch (IOException e) {
                throw new NodeStartException("target '" + name + "': cannot read ca_file " + section.caFile() + ": "
                        + e.getMessage(), e);
            }
        }
        Target target = new Target(name, section.host(), section.port(), section.database(), tls);
        String jdbcUrl = "jdbc:postgresql://" + section.host() + ":" + section.port() + "/" + section.database()
                + (section.tls().equals("verify-full")
                ? "?sslmode=verify-full&sslrootcert=" + section.caFile() : "?sslmode=disable");
        if (CredentialSources.isDevelopment(section.credentials())) {
            StaticUpstream upstream = StaticUpstream.of(name, section.credentials());
            return new TargetBinding(target, upstream, () -> upstream.connect(jdbcUrl));
        }
        SecretsUpstream upstream = SecretsUpstreams.build(name, section, config.vault());
        return new TargetBinding(target, upstream, () -> upstream.connectCatalog(jdbcUrl), upstream);
    }

    private static ClientTls clientTls(ServerConfig config, Path dataDir, boolean requireTls) {
        try {
            if (config.proxy().tls() != null) {
                return new ClientTls(TlsContexts.forClients(config.proxy().tls().certificate(),
                        config.proxy().tls().key()), requireTls || config.proxy().tls().require());
            }
            DevelopmentCertificate certificate = DevelopmentCertificate.loadOrCreate(dataDir.resolve("tls"));
            return new ClientTls(TlsContexts.forClients(certificate.certificateFile(), certificate.keyFile()),
                    requireTls);
        } catch (IOException e) {
            throw new NodeStartException("cannot load the proxy's TLS certificate: " + e.getMessage(), e);
        }
    }

    private static Optional<DataSource> store(ServerConfig config) {
        return config.store().shared().map(shared -> {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(shared.url());
            source.setUser(shared.user());
            if (shared.passwordFile() != null) {
                source.setPassword(new String(SecretFiles.read(shared.passwordFile(), "store.postgres.password_file")));
            }
            source.setApplicationName("phiguard");
            return source;
        });
    }

    private static IssuerConfig issuer(IssuerSection section) {
        IssuerConfig config;
        if (section.jwksFile() != null) {
            config = IssuerConfig.of(section.issuer(), section.audience(), new KeySource.JwksFile(section.jwksFile()));
        } else if (section.jwksUri() != null) {
            config = IssuerConfig.of(section.issuer(), section.audience(),
                    new KeySource.JwksUri(URI.create(section.jwksUri())));
        } else if (section.issuer().equals(IssuerConfig.GITHUB_ACTIONS_ISSUER)) {
            config = IssuerConfig.githubActions(section.audience());
        } else {
            config = IssuerConfig.gitlab(URI.create(section.issuer()), section.audience());
        }
        if (section.groupsClaim() != null) {
            config = config.withGroupsClaim(section.groupsClaim());
        }
        if (section.clockSkew() != null) {
            config = config.withClockSkew(Duration.parse(section.clockSkew().startsWith("P")
                    ? section.clockSkew() : "PT" + section.clockSkew().toUpperCase(java.util.Locale.ROOT)));
        }
        return config;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    static List<String> knownCredentialSources() {
        return List.of("vault_kv", "vault_database", "ephemeral_role", "env", "file");
    }
}
