package dev.phiguard.cli;

import java.io.PrintWriter;
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
        subcommands = {ServerCommand.class, PolicyCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  the command failed (the message says why)",
            "  2  invalid arguments or configuration",
            "",
            "Run 'phiguard server' to start the proxy on embedded defaults, and",
            "'phiguard policy check FILE...' to check policy files before deploying them."
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command with the given streams and returns its exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line, for callers that need its subcommands (tests). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
    }
}
