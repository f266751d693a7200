package dev.phiguard.cli.audit;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.AuditEntry;
import dev.phiguard.cli.client.AuditSearch;
import dev.phiguard.cli.review.JsonOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard audit [filters]}: searches the audit log; its subcommands verify, ask and export. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Searches the audit log (auditors only: members of the broker's auditor groups, by default",
            "'auditors' and 'reviewers'). Every criterion given must match; events come in sequence order."
        },
        subcommands = {AuditVerifyCommand.class, WhoAccessedCommand.class, AuditExportCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  phiguard audit --lease lease-7f3k2m9q4r8t1v5w",
            "  phiguard audit --subject repo:acme/etl --since 24h --type statement",
            "  phiguard audit --since 2030-01-01T00:00:00Z --until 2030-01-02T00:00:00Z --format json",
            "  phiguard audit verify",
            "  phiguard audit who-accessed --table patients --key-file mrn.txt",
            "  phiguard audit export --output audit.jsonl"
        })
public final class AuditCommand implements Callable<Integer> {

    /** What --format offers. */
    public enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--lease", paramLabel = "ID", description = "Events of this lease.")
    String lease;

    @Option(names = "--subject", paramLabel = "S", description = "Events of this identity (the token's sub).")
    String subject;

    @Option(names = "--purpose", paramLabel = "P", description = "Events of this purpose.")
    String purpose;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Events of this type: lease, credential, session_opened, session_closed, statement.")
    String type;

    @Option(names = "--since", paramLabel = "T",
            description = "Events at or after T: an ISO-8601 instant (2030-01-01T10:00:00Z) or a duration back"
                    + " from now (24h, 7d).")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Events before T (as --since).")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "At most N events, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--limit must be from 1 to 10000");
        }
        AuditSearch search = new AuditSearch(Optional.ofNullable(lease), Optional.ofNullable(subject),
                Optional.ofNullable(purpose), Optional.ofNullable(type), Optional.ofNullable(since),
                Optional.ofNullable(until), limit);
        List<AuditEntry> events = broker.client(spec.commandLine().getErr()).audit(search);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            JsonOutput.print(out, Map.of("events", events));
            return ExitCodes.OK;
        }
        if (events.isEmpty()) {
            spec.commandLine().getErr().println("phiguard: no matching events");
            return ExitCodes.OK;
        }
        out.print(AuditTable.render(events));
        if (events.size() == limit) {
            spec.commandLine().getErr().println("phiguard: showing the first " + limit
                    + " events; narrow the search or raise --limit");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
