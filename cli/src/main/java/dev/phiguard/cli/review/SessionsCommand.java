package dev.phiguard.cli.review;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseFilter;
import dev.phiguard.cli.client.LeaseState;
import dev.phiguard.cli.client.SessionInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard sessions [--lease ID]}: the proxy sessions of a lease, or of the newest leases. */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = {
            "Lists proxy sessions: of one lease with --lease, otherwise of the 100 newest leases that could",
            "have had sessions (APPROVED, ACTIVE, ENDED). A session id is what 'phiguard replay' takes."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  phiguard sessions --lease lease-7f3k2m9q4r8t1v5w",
            "  phiguard sessions --format json"
        })
public final class SessionsCommand implements Callable<Integer> {
    private static final Set<LeaseState> MAY_HAVE_SESSIONS =
            EnumSet.of(LeaseState.APPROVED, LeaseState.ACTIVE, LeaseState.ENDED);

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--lease", paramLabel = "ID", description = "Only the sessions of this lease.")
    String lease;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    JsonOutput.Format format;

    @Override
    public Integer call() {
        BrokerClient client = broker.client(spec.commandLine().getErr());
        List<SessionInfo> sessions = new ArrayList<>();
        if (lease != null) {
            sessions.addAll(client.sessions(lease));
        } else {
            for (Lease l : client.leases(LeaseFilter.all())) {
                if (MAY_HAVE_SESSIONS.contains(l.state())) {
                    sessions.addAll(client.sessions(l.id()));
                }
            }
        }
        if (format == JsonOutput.Format.json) {
            JsonOutput.print(spec.commandLine().getOut(), Map.of("sessions", sessions));
            return ExitCodes.OK;
        }
        if (sessions.isEmpty()) {
            spec.commandLine().getErr().println("phiguard: no sessions");
            return ExitCodes.OK;
        }
        StringBuilder sb = new StringBuilder(String.format("%-28s %-28s %-22s %-22s %-22s %s%n",
                "SESSION", "LEASE", "OPENED", "CLOSED", "CLIENT", "NODE"));
        for (SessionInfo s : sessions) {
            sb.append(String.format("%-28s %-28s %-22s %-22s %-22s %s%n", s.id(), s.leaseId(), s.openedAt(),
                    s.closedAt() == null ? "open" : s.closedAt(), Texts.cut(s.client(), 22),
                    Texts.cut(s.node(), 30)));
        }
        spec.commandLine().getOut().print(sb);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
