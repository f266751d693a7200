package dev.phiguard.cli.completion;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phiguard completion bash|zsh}: prints a completion script for every command and option. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Prints a shell completion script for phiguard (bash, or zsh through bashcompinit).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(phiguard completion bash)                  # this bash session",
            "  phiguard completion bash > ~/.local/share/bash-completion/completions/phiguard",
            "  phiguard completion zsh > \"${fpath[1]}/_phiguard\"   # or: source <(phiguard completion zsh)"
        })
public final class CompletionCommand implements Callable<Integer> {
    /** The shells a script can be printed for. */
    public enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(root.getCommandName(), root);
        if (shell == Shell.zsh) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return dev.phiguard.cli.ExitCodes.OK;
    }
}
