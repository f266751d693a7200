package dev.phiguard.cli.lease;

import dev.phiguard.cli.DurationConverter;
import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseRequest;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phiguard lease}: request a lease, wait for approval, then print the credential or run a command. */
@Command(
        name = "lease",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Requests a lease for a purpose, waits until a reviewer approves it, and hands over the one-time",
            "credential for phiguard's PostgreSQL proxy.",
            "",
            "Without CMD it prints the credential (--format env: lines for eval; --format json: one object).",
            "With '-- CMD ARGS...' it runs CMD with PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE",
            "and DATABASE_URL in its environment (never in its arguments), passes Ctrl-C and SIGTERM on to",
            "it, ends the lease when CMD exits - whatever happens - and exits with CMD's exit code.",
            "",
            "While it waits it shows a spinner with the elapsed time on a terminal, or one line when waiting",
            "starts and one every 30 seconds in a log."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # run a job with the credential in its environment; the lease ends when it exits",
            "  phiguard lease --purpose study-42 --ttl 30m --reason 'nightly extract' -- ./extract.sh",
            "",
            "  # credential into the current shell",
            "  eval \"$(phiguard lease --purpose study-42 --wait 15m)\"",
            "  psql -c 'SELECT mrn, ssn FROM patients LIMIT 5'",
            "",
            "  # as JSON",
            "  phiguard lease --purpose study-42 --format json",
            "",
            "Exit codes: 0 ok; 2 bad usage; 3 denied or refused; 4 nobody approved within --wait;",
            "5 the lease expired or was revoked; 6 broker unreachable; 1 anything else;",
            "with -- CMD: CMD's exit code (127 when CMD cannot be started)."
        })
public final class LeaseCommand implements Callable<Integer> {
    /** How the credential is printed. */
    public enum Format { env, json }

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--purpose", required = true, paramLabel = "PURPOSE",
            description = "The purpose to request (a policy's purpose id, e.g. study-42).")
    String purpose;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the lease lasts once approved (e.g. 30m; default: the policy's).")
    Duration ttl;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the reviewer and the audit log.")
    String reason;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "15m",
            description = "How long to wait for approval (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "How to print the credential without CMD: ${COMPLETION-CANDIDATES} (default: env).")
    Format format;

    @Parameters(arity = "0..*", paramLabel = "CMD",
            description = "The command to run with the credential in its environment (after --).")
    List<String> command;

    private final CommandRunner runner = new CommandRunner();

    @Override
    public Integer call() {
        boolean runs = command != null && !command.isEmpty();
        if (runs && format != null) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--format prints the credential; with -- CMD"
                    + " it goes into CMD's environment instead: give one or the other");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BrokerClient client = broker.client(err);
        Lease lease = client.requestLease(new LeaseRequest(purpose, ttl == null ? null : ttl.toString(), reason));
        err.println("phiguard: requested " + lease.id() + " for purpose " + lease.purpose() + " (" + lease.state()
                + "); a reviewer approves it with: phiguard approve " + lease.id());
        err.flush();
        WaitProgress progress = System.console() != null ? new Spinner(err, lease.id())
                : new PlainProgress(err, lease.id());
        Lease approved = new ApprovalWaiter(client, Clock.systemUTC()).await(lease, wait, progress);
        err.println("phiguard: " + approved.id() + " approved; it expires at " + approved.expiresAt());
        err.flush();
        if (!runs) {
            DatabaseCredential credential = client.fetchCredential(approved.id());
            out.print(format == Format.json ? CredentialOutput.json(approved, credential)
                    : CredentialOutput.env(credential));
            out.flush();
            return ExitCodes.OK;
        }
        Runnable end = () -> end(client, approved.id(), err);
        DatabaseCredential credential;
        try {
            credential = client.fetchCredential(approved.id());
        } catch (RuntimeException e) {
            end.run();
            throw e;
        }
        return runner.run(command, CredentialOutput.variables(credential), end);
    }

    /** Ends the lease; a failure is a warning (the lease still ends at its expiry). */
    private static void end(BrokerClient client, String leaseId, PrintWriter err) {
        try {
            client.end(leaseId);
            err.println("phiguard: ended " + leaseId);
        } catch (RuntimeException e) {
            err.println("phiguard: warning: could not end " + leaseId + " (" + e.getMessage() + "); it ends at its"
                    + " expiry, or run: phiguard revoke " + leaseId);
        }
        err.flush();
    }
}
