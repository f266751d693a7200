package dev.phiguard.cli.audit;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard audit export [--output FILE]}: the whole audit log as JSON lines, streamed. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes every event of the audit log, in sequence order, as one JSON object per line (seq, time,",
            "type, event, record_keys, prev_hash, hash), to standard output or to a new file (mode 0600;",
            "an existing file is not overwritten). The log is streamed, never held whole in memory."
        })
public final class AuditExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        var client = broker.client(err);
        if (output == null) {
            try (LineWriterStream out = new LineWriterStream(spec.commandLine().getOut())) {
                client.exportAudit(out);
            }
            return ExitCodes.OK;
        }
        OutputStream file;
        try {
            file = Files.newOutputStream(Files.createFile(output,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, output + " exists; choose a new file");
        }
        long bytes;
        try (OutputStream out = file) {
            bytes = client.exportAudit(out);
        }
        err.println("phiguard: wrote " + bytes + " bytes to " + output);
        return ExitCodes.OK;
    }
}
