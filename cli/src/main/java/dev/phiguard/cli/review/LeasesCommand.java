package dev.phiguard.cli.review;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseFilter;
import dev.phiguard.cli.client.LeaseState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phiguard leases}: lists leases for reviewers; {@code leases show ID} shows one. */
@Command(
        name = "leases",
        mixinStandardHelpOptions = true,
        description = {
            "Lists leases, newest first (at most --limit): who asked (requester and CI run), for which",
            "purpose, for how long, why, and how long ago. Any authenticated identity may list leases."
        },
        subcommands = LeasesCommand.Show.class,
        footerHeading = "%nExamples:%n",
        footer = {
            "  phiguard leases --state PENDING                 # what waits for a reviewer",
            "  phiguard leases --purpose study-42 --format json",
            "  phiguard leases show lease-7f3k2m9q4r8t1v5w"
        })
public final class LeasesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only leases in this state: PENDING, APPROVED, ACTIVE, ENDED, DENIED, EXPIRED.")
    String state;

    @Option(names = "--purpose", paramLabel = "PURPOSE", description = "Only leases for this purpose.")
    String purpose;

    @Option(names = "--requester", paramLabel = "SUBJECT", description = "Only leases requested by this subject.")
    String requester;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most N leases (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    JsonOutput.Format format;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--limit must be at least 1");
        }
        LeaseFilter filter = new LeaseFilter(Optional.ofNullable(state).map(LeasesCommand::state),
                Optional.ofNullable(purpose), Optional.ofNullable(requester), limit);
        List<Lease> leases = broker.client(spec.commandLine().getErr()).leases(filter);
        if (format == JsonOutput.Format.json) {
            JsonOutput.print(spec.commandLine().getOut(), Map.of("leases", leases));
        } else if (leases.isEmpty()) {
            spec.commandLine().getErr().println("phiguard: no leases");
        } else {
            spec.commandLine().getOut().print(LeaseTable.render(leases, Instant.now()));
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    private static LeaseState state(String text) {
        try {
            LeaseState s = LeaseState.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
            if (s != LeaseState.UNKNOWN) {
                return s;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--state " + text + ": not a state (PENDING,"
                + " APPROVED, ACTIVE, ENDED, DENIED, EXPIRED)");
    }

    /** {@code phiguard leases show ID}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one lease in full: requester and CI run, approvals, sessions, times, ending.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  phiguard leases show lease-7f3k2m9q4r8t1v5w",
                "  phiguard leases show lease-7f3k2m9q4r8t1v5w --format json"
            })
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Parameters(paramLabel = "ID", description = "The lease id.")
        String id;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        JsonOutput.Format format;

        @Override
        public Integer call() {
            Lease lease = broker.client(spec.commandLine().getErr()).lease(id);
            if (format == JsonOutput.Format.json) {
                JsonOutput.print(spec.commandLine().getOut(), lease);
            } else {
                spec.commandLine().getOut().print(LeaseDetails.render(lease, Instant.now()));
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }
}
