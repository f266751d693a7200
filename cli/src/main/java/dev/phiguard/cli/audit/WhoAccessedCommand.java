package dev.phiguard.cli.audit;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.RecordAccess;
import dev.phiguard.cli.review.JsonOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phiguard audit who-accessed --table T --key VALUE|--key -|--key-file FILE}: the leases, sessions and CI
 * runs whose statements returned one record. The raw key is sent to the broker (which hashes it with its key) and
 * printed nowhere.
 */
@Command(
        name = "who-accessed",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the leases, sessions and CI runs whose statements returned the record with this key",
            "(e.g. an MRN). The broker hashes the key with its audit key and searches the hashes the proxy",
            "logged; it never stores or logs the key. Give the key with --key-file FILE or on standard input",
            "(--key -): a key written as --key VALUE shows in the process list and the shell history."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  phiguard audit who-accessed --table patients --key-file mrn.txt",
            "  printf '%s' \"$MRN\" | phiguard audit who-accessed --table patients --key -"
        })
public final class WhoAccessedCommand implements Callable<Integer> {

    /** The largest key read from a file or standard input. */
    static final int MAX_KEY_BYTES = 4096;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--table", paramLabel = "T", required = true,
            description = "The table, as the policy's record keys name it (e.g. patients).")
    String table;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource key;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    AuditCommand.Format format;

    /** Where the raw key comes from: exactly one of these. */
    static final class KeySource {
        @Option(names = "--key", paramLabel = "VALUE",
                description = "The key; '-' reads it from standard input (one line).")
        String value;

        @Option(names = "--key-file", paramLabel = "FILE", description = "Read the key from FILE (one line).")
        Path file;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String raw = rawKey(err);
        List<RecordAccess> accesses = broker.client(err).whoAccessed(table, raw);
        PrintWriter out = spec.commandLine().getOut();
        if (format == AuditCommand.Format.json) {
            JsonOutput.print(out, Map.of("accesses", accesses));
            return ExitCodes.OK;
        }
        if (accesses.isEmpty()) {
            err.println("phiguard: no session returned that record of " + table);
            return ExitCodes.OK;
        }
        String line = "%-28s %-28s %-20s %-44s %-27s %s%n";
        StringBuilder table = new StringBuilder(String.format(line, "LEASE", "SESSION", "SUBJECT", "CI RUN", "FIRST",
                "STATEMENTS"));
        for (RecordAccess a : accesses) {
            table.append(String.format(line, a.lease(), a.session(), a.subject(), a.ciRun(), a.at(), a.statements()));
        }
        out.print(table);
        out.flush();
        return ExitCodes.OK;
    }

    private String rawKey(PrintWriter err) {
        String raw;
        if (key.file != null) {
            try {
                raw = firstLine(Files.newInputStream(key.file), "the key file " + key.file);
            } catch (IOException e) {
                throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "cannot read the key file " + key.file
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        } else if ("-".equals(key.value)) {
            raw = firstLine(System.in, "standard input");
        } else {
            err.println("phiguard: warning: the key is in this command's arguments, visible in the process list"
                    + " and the shell history; prefer --key-file FILE or --key - (standard input)");
            raw = key.value;
        }
        if (raw.isEmpty()) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "the key is empty");
        }
        return raw;
    }

    private static String firstLine(InputStream input, String what) {
        try (InputStream in = input) {
            byte[] bytes = in.readNBytes(MAX_KEY_BYTES + 1);
            if (bytes.length > MAX_KEY_BYTES) {
                throw new ExitCodes.UserFacingException(ExitCodes.USAGE, what + " is longer than " + MAX_KEY_BYTES
                        + " bytes: it should hold one key");
            }
            return new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "cannot read " + what);
        }
    }
}
