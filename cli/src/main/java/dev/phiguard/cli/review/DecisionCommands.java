package dev.phiguard.cli.review;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseState;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The reviewer's decisions on a lease: {@code approve}, {@code deny}, {@code revoke}. */
public final class DecisionCommands {
    private DecisionCommands() {}

    /** Prints the lease's state after a decision, in one line. */
    static int report(PrintWriter out, String verb, Lease lease) {
        out.println(verb + " " + lease.id() + " (purpose " + lease.purpose() + "): now " + lease.state()
                + (lease.state() == LeaseState.PENDING
                        ? ", " + lease.approvals().size() + " of " + lease.approvalsRequired() + " approvals"
                        : ""));
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code phiguard approve ID [--reason R]}. */
    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = {
                "Approves a pending lease. Only members of the purpose's approval groups may approve, never",
                "the requester; the approval binds to exactly what was asked (purpose, scope, TTL). When the",
                "policy needs several approvals the lease stays PENDING until they are all given."
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  phiguard leases --state PENDING",
                "  phiguard approve lease-7f3k2m9q4r8t1v5w --reason 'checked with the study lead'",
                "",
                "Exit codes: 0 approved; 3 refused (not_an_approver, self_approval); 6 broker unreachable;",
                "1 anything else (e.g. wrong_state: the lease is no longer pending)."
            })
    public static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Parameters(paramLabel = "ID", description = "The lease id.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the audit log).")
        String reason;

        @Override
        public Integer call() {
            Lease lease = broker.client(spec.commandLine().getErr()).approve(id, Optional.ofNullable(reason));
            return report(spec.commandLine().getOut(), "approved", lease);
        }
    }

    /** {@code phiguard deny ID --reason R}. */
    @Command(
            name = "deny",
            mixinStandardHelpOptions = true,
            description = {
                "Denies a pending lease; the requester's 'phiguard lease' exits with code 3 and your reason."
            },
            footerHeading = "%nExamples:%n",
            footer = {"  phiguard deny lease-7f3k2m9q4r8t1v5w --reason 'not this week'"})
    public static final class Deny implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Parameters(paramLabel = "ID", description = "The lease id.")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why (required; shown to the requester, recorded in the audit log).")
        String reason;

        @Override
        public Integer call() {
            Lease lease = broker.client(spec.commandLine().getErr()).deny(id, reason);
            return report(spec.commandLine().getOut(), "denied", lease);
        }
    }

    /** {@code phiguard revoke ID [--reason R]}. */
    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Revokes an approved or active lease: its credential stops working and its live proxy sessions",
                "are cut on every node within a second. The requester and the approvers may revoke."
            },
            footerHeading = "%nExamples:%n",
            footer = {"  phiguard revoke lease-7f3k2m9q4r8t1v5w --reason 'job misbehaving'"})
    public static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Parameters(paramLabel = "ID", description = "The lease id.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the audit log).")
        String reason;

        @Override
        public Integer call() {
            Lease lease = broker.client(spec.commandLine().getErr()).revoke(id, Optional.ofNullable(reason));
            return report(spec.commandLine().getOut(), "revoked", lease);
        }
    }
}
