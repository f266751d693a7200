package dev.phiguard.cli.audit;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.AuditVerification;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard audit verify}: checks the audit log's hash chain; exit 0 intact, 1 with the first problem. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the audit log's hash chain on the broker: every event's hash, every link, the record-key",
            "rows and the head. Names the first edited, deleted or reordered event by its sequence number.",
            "Exit 0 when intact, 1 when not. The head it prints (SEQ:HASH) is what to anchor somewhere the",
            "database's writers cannot reach; --anchor checks that the chain still passes through it."
        })
public final class AuditVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--anchor", paramLabel = "SEQ:HASH",
            description = "A head printed by an earlier verify: the chain must still pass through it.")
    String anchor;

    @Override
    public Integer call() {
        AuditVerification result = broker.client(spec.commandLine().getErr()).verifyAudit(Optional.ofNullable(anchor));
        if (result.ok()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("audit log intact: " + result.checked() + " event(s) checked, head " + result.head());
            out.flush();
            return ExitCodes.OK;
        }
        AuditVerification.Problem problem = result.problem();
        PrintWriter err = spec.commandLine().getErr();
        err.println("phiguard: audit log BROKEN at seq " + problem.seq() + " (" + problem.kind() + "): "
                + problem.message());
        err.println("phiguard: " + result.checked() + " event(s) passed before it; last good head " + result.head());
        return ExitCodes.FAILED;
    }
}
