package dev.phiguard.policies.policy;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Validates policy files from the command line: {@code phiguard policy check FILE...} runs it, and so does this class's
 * {@code main} for callers without the CLI.
 *
 * <p>Each argument is a policy file, or a folder checked as a whole the way the server loads it (so a purpose
 * defined twice is found). Prints {@code OK <file> (purpose <id>)} on standard output for each valid policy and
 * one {@code FILE:LINE:COLUMN: MESSAGE} line per problem on standard error.
 *
 * <p>Exit codes: {@value #VALID} every policy is valid; {@value #INVALID} at least one policy has problems;
 * {@value #USAGE} no arguments were given or an argument does not exist.
 */
public final class PolicyCheck {

    /** Every policy is valid. */
    public static final int VALID = 0;
    /** At least one policy file has problems. */
    public static final int INVALID = 1;
    /** Wrong usage: no arguments, or a path that does not exist. */
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = "usage: PolicyCheck FILE_OR_FOLDER...\n"
            + "Validates phiguard policy files; exit code 0 when all are valid, 1 when one is not, 2 on wrong usage.";

    private PolicyCheck() {
    }

    /** Checks the given files and folders and exits with the exit code. */
    public static void main(String... args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Checks every argument, printing to the given streams; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(USAGE_TEXT);
            return VALID;
        }
        return check(writer(out), writer(err), List.of(args));
    }

    /** A writer onto a print stream that keeps the stream's own encoding. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                stream.print(new String(chars, offset, length));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }

    /**
     * Checks files and folders, printing {@code OK} lines to {@code out} and problems to {@code err}; the caller has
     * handled usage (no paths, help).
     *
     * @param paths policy files and folders, as the user wrote them
     * @return {@link #VALID}, {@link #INVALID}, or {@link #USAGE} when a path does not exist
     */
    public static int check(PrintWriter out, PrintWriter err, List<String> paths) {
        PolicyLoader loader = new PolicyLoader();
        int exit = VALID;
        for (String arg : paths) {
            Path path = Path.of(arg);
            if (!Files.exists(path)) {
                err.println(arg + ": no such file or folder");
                exit = USAGE;
                continue;
            }
            try {
                List<Policy> policies = Files.isDirectory(path)
                        ? List.copyOf(loader.loadDirectory(path).policies())
                        : List.of(loader.load(path));
                for (Policy policy : policies) {
                    out.println("OK " + policy.source() + " (purpose " + policy.purpose() + ")");
                }
            } catch (PolicyException e) {
                e.problems().forEach(err::println);
                exit = Math.max(exit, INVALID);
            }
        }
        return exit;
    }
}
