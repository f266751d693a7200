package dev.phiguard.cli;

import dev.phiguard.policies.policy.PolicyCheck;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phiguard policy}: works with purpose policy files. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Works with purpose policy files (YAML; see docs/policy.md).",
        subcommands = {PolicyCommand.Check.class})
final class PolicyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code phiguard policy} alone: says which subcommands there are. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("phiguard policy: name a subcommand");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code phiguard policy check FILE_OR_FOLDER...}: {@link PolicyCheck} as a subcommand. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Checks policy files before they are deployed, with the rules the server",
                "uses when it loads them. A FILE is checked on its own; a FOLDER is checked",
                "as a whole, the way 'phiguard server --policies FOLDER' loads it, so a",
                "purpose defined twice is found too.",
                "",
                "Prints 'OK <file> (purpose <id>)' on standard output for every valid",
                "policy, and one line '<file>:<line>:<column>: <message>' on standard error",
                "for every problem: every problem of every file, not only the first."
            },
            footerHeading = "%nExit codes:%n",
            footer = {
                "  0  every policy is valid",
                "  1  at least one policy has problems",
                "  2  wrong usage: no FILE_OR_FOLDER given, or one does not exist"
            })
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE_OR_FOLDER",
                description = "Policy files (*.yaml, *.yml) and folders of them.")
        List<String> paths;

        @Override
        public Integer call() {
            return PolicyCheck.check(spec.commandLine().getOut(), spec.commandLine().getErr(), paths);
        }
    }
}
