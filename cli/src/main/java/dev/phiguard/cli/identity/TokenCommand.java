package dev.phiguard.cli.identity;

import dev.phiguard.cli.DurationConverter;
import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.TokenRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard token}: development tokens. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Development tokens (only from a server running its development issuer).",
        subcommands = TokenCommand.Issue.class)
public final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("phiguard token: name a subcommand (issue)");
        spec.commandLine().getErr().println("see 'phiguard token --help'");
        return ExitCodes.USAGE;
    }

    /** {@code phiguard token issue --subject S [--group G]... [--claim k=v]... [--ttl D]}. */
    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            description = {
                "Mints a token from the broker's development issuer and prints it (and only it) on standard",
                "output, for PHIGUARD_TOKEN or --token-file. Refused by a server that is not in development",
                "mode: there, tokens come from your CI platform or identity provider."
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  export PHIGUARD_TOKEN=$(phiguard token issue --subject ci-bot --group ci \\",
                "      --claim repository=acme/etl --claim run_id=42)",
                "  phiguard token issue --subject alice --group reviewers --ttl 8h > ~/.phiguard-token",
                "  chmod 600 ~/.phiguard-token; phiguard approve ID --token-file ~/.phiguard-token"
            })
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Option(names = "--subject", required = true, paramLabel = "SUBJECT", description = "The token's subject.")
        String subject;

        @Option(names = "--group", paramLabel = "GROUP", description = "A group of the subject (repeatable).")
        List<String> groups = List.of();

        @Option(names = "--claim", paramLabel = "KEY=VALUE",
                description = "An extra claim, e.g. repository=acme/etl (repeatable).")
        Map<String, String> claims = new LinkedHashMap<>();

        @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How long the token is valid (default: the issuer's).")
        Duration ttl;

        @Override
        public Integer call() {
            if (subject.isBlank()) {
                throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--subject must not be empty");
            }
            BearerToken token = broker.anonymousClient().issueToken(new TokenRequest(subject, groups, claims,
                    ttl == null ? null : ttl.toString()));
            spec.commandLine().getOut().println(BrokerClient.reveal(token));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
