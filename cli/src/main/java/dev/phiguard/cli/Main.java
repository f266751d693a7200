package dev.phiguard.cli;

import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.audit.AuditCommand;
import dev.phiguard.cli.completion.CompletionCommand;
import dev.phiguard.cli.demo.DemoCommand;
import dev.phiguard.cli.identity.TokenCommand;
import dev.phiguard.cli.identity.WhoamiCommand;
import dev.phiguard.cli.lease.LeaseCommand;
import dev.phiguard.cli.review.DecisionCommands;
import dev.phiguard.cli.review.LeasesCommand;
import dev.phiguard.cli.replay.ReplayCommand;
import dev.phiguard.cli.review.SessionsCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code phiguard} command. */
@Command(
        name = "phiguard",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Purpose-scoped, approved and audited access to PHI in PostgreSQL for automation.",
            "",
            "A job asks for a lease for a purpose, a reviewer approves it, and the job receives a one-time",
            "credential that works only through phiguard's PostgreSQL proxy, which enforces the purpose's",
            "policy on every statement, masks identifiers, records the session and audits every query."
        },
        subcommands = {
            ServerCommand.class,
            DemoCommand.class,
            LeaseCommand.class,
            LeasesCommand.class,
            DecisionCommands.Approve.class,
            DecisionCommands.Deny.class,
            DecisionCommands.Revoke.class,
            SessionsCommand.class,
            ReplayCommand.class,
            AuditCommand.class,
            WhoamiCommand.class,
            TokenCommand.class,
            PolicyCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n")
public final class Main {
    /** Our descriptions are written for lines of this width. */
    private static final int USAGE_WIDTH = 110;
    private static final String[] FOOTER_END = {
        "",
        "Client commands find the broker at --url or $PHIGUARD_URL (default " + BrokerOptions.DEFAULT_URL + ")",
        "and their identity in --token-file, $PHIGUARD_TOKEN, $PHIGUARD_ID_TOKEN (GitLab) or GitHub Actions' OIDC.",
        "Run 'phiguard server' to start on embedded defaults, 'phiguard COMMAND --help' for a command,",
        "and see docs/cli.md for everything with examples."
    };

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command with the given streams and returns its exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** Runs the command with the given streams and environment (tests give their own environment). */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return commandLine(out, err, env).execute(args);
    }

    /** The configured command line, for callers that need its subcommands (tests). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, System.getenv());
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main(), new Factory(env))
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(new ExitCodes.UsageHandler())
                .setExecutionExceptionHandler(new ExitCodes.ExceptionHandler())
                .setUsageHelpWidth(USAGE_WIDTH)
                // '@file' arguments stay as they are: 'lease -- CMD @x' must reach CMD unchanged
                .setExpandAtFiles(false);
        List<String> footer = new ArrayList<>(List.of(ExitCodes.HELP));
        footer.addAll(List.of(FOOTER_END));
        cli.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        return cli;
    }

    /** Creates commands and mixins; the client options get the environment handed in. */
    private record Factory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == BrokerOptions.class) {
                return type.cast(new BrokerOptions(env));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
