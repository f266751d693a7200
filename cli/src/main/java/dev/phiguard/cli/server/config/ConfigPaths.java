package dev.phiguard.cli.server.config;

import dev.phiguard.cli.server.config.ServerConfig.AppRoleSection;
import dev.phiguard.cli.server.config.ServerConfig.CredentialsSection;
import dev.phiguard.cli.server.config.ServerConfig.EphemeralRoleCredentials;
import dev.phiguard.cli.server.config.ServerConfig.FileCredentials;
import dev.phiguard.cli.server.config.ServerConfig.IssuerSection;
import dev.phiguard.cli.server.config.ServerConfig.PostgresStore;
import dev.phiguard.cli.server.config.ServerConfig.ProxySection;
import dev.phiguard.cli.server.config.ServerConfig.RecordingsSection;
import dev.phiguard.cli.server.config.ServerConfig.StandingCredentials;
import dev.phiguard.cli.server.config.ServerConfig.StoreSection;
import dev.phiguard.cli.server.config.ServerConfig.TargetSection;
import dev.phiguard.cli.server.config.ServerConfig.TlsSection;
import dev.phiguard.cli.server.config.ServerConfig.VaultAuthSection;
import dev.phiguard.cli.server.config.ServerConfig.VaultSection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resolves every relative path of a configuration against the folder of its file. */
final class ConfigPaths {

    private ConfigPaths() {
    }

    static ServerConfig resolve(ServerConfig c, Path base) {
        Map<String, TargetSection> targets = new LinkedHashMap<>();
        c.targets().forEach((name, t) -> targets.put(name, new TargetSection(t.host(), t.port(), t.database(), t.tls(),
                at(base, t.caFile()), credentials(t.credentials(), base))));
        ProxySection proxy = c.proxy();
        TlsSection tls = proxy.tls() == null ? null
                : new TlsSection(at(base, proxy.tls().certificate()), at(base, proxy.tls().key()), proxy.tls().require());
        PostgresStore shared = c.store().postgres();
        StoreSection store = shared == null ? c.store()
                : new StoreSection(new PostgresStore(shared.url(), shared.user(), at(base, shared.passwordFile())));
        RecordingsSection rec = c.recordings();
        return new ServerConfig(c.listen(), c.node(), at(base, c.dataDir()),
                new ProxySection(proxy.listen(), proxy.publicAddress(), tls), store,
                c.issuers().stream().map(i -> new IssuerSection(i.issuer(), i.audience(), i.jwksUri(),
                        at(base, i.jwksFile()), i.groupsClaim(), i.clockSkew())).toList(),
                c.developmentIssuer(), at(base, c.policies()), targets,
                new RecordingsSection(at(base, rec.directory()), rec.literals(), at(base, rec.encryptionKeyFile()),
                        rec.flushInterval()),
                c.audit(), vault(c.vault(), base));
    }

    private static CredentialsSection credentials(CredentialsSection c, Path base) {
        EphemeralRoleCredentials e = c.ephemeralRole();
        EphemeralRoleCredentials ephemeral = e == null ? null : new EphemeralRoleCredentials(e.readRole(),
                e.readRoles(), standing(e.admin(), base), e.rolePrefix(), standing(e.catalog(), base));
        return new CredentialsSection(c.env(), file(c.file(), base), c.vaultKv(), c.vaultDatabase(), ephemeral);
    }

    private static StandingCredentials standing(StandingCredentials c, Path base) {
        return c == null ? null : new StandingCredentials(c.env(), file(c.file(), base), c.vaultKv());
    }

    private static FileCredentials file(FileCredentials file, Path base) {
        return file == null ? null : new FileCredentials(file.user(), at(base, file.passwordFile()));
    }

    private static VaultSection vault(VaultSection v, Path base) {
        if (v == null) {
            return null;
        }
        VaultAuthSection auth = v.auth();
        AppRoleSection approle = auth.approle() == null ? null : new AppRoleSection(
                at(base, auth.approle().roleIdFile()), at(base, auth.approle().secretIdFile()), auth.approle().mount());
        return new VaultSection(v.address(), v.namespace(), at(base, v.caFile()), v.requestTimeout(),
                new VaultAuthSection(at(base, auth.tokenFile()), approle));
    }

    private static Path at(Path base, Path path) {
        return path == null || path.isAbsolute() ? path : base.resolve(path).normalize();
    }
}
