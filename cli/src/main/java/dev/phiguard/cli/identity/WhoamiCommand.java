package dev.phiguard.cli.identity;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.Identity;
import dev.phiguard.cli.review.JsonOutput;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard whoami}: the caller's identity as the broker sees it. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        description = {
            "Shows who the broker thinks you are: issuer, subject, groups, claims and CI run. Handy to check",
            "a CI token before asking for a lease. Never prints the token."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  PHIGUARD_TOKEN=$(phiguard token issue --subject alice --group reviewers) phiguard whoami",
            "  phiguard whoami --format json"
        })
public final class WhoamiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    JsonOutput.Format format;

    @Override
    public Integer call() {
        Identity me = broker.client(spec.commandLine().getErr()).whoami();
        PrintWriter out = spec.commandLine().getOut();
        if (format == JsonOutput.Format.json) {
            JsonOutput.print(out, me);
            return ExitCodes.OK;
        }
        out.printf("subject: %s%nissuer:  %s%ngroups:  %s%n", me.subject(), me.issuer(),
                me.groups().isEmpty() ? "-" : String.join(", ", me.groups()));
        if (me.ciRun() != null) {
            out.printf("ci run:  %s%n", me.ciRun());
        }
        for (Map.Entry<String, Object> claim : me.claims().entrySet()) {
            out.printf("claim:   %s=%s%n", claim.getKey(), claim.getValue());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
