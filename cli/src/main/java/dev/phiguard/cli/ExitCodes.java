package dev.phiguard.cli;

import dev.phiguard.cli.client.BrokerException;
import dev.phiguard.cli.client.BrokerUnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The documented exit codes (docs/cli.md, and the footer of {@code phiguard --help}), and the mapping of failures
 * to them: a one-line message, never a stack trace unless {@code --verbose}.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** The lease was denied, or the broker refused the request (requester_not_admitted, self_approval, ...). */
    public static final int DENIED = 3;
    /** Nobody approved the lease in time. */
    public static final int TIMED_OUT = 4;
    /** The lease expired or was revoked. */
    public static final int LEASE_ENDED = 5;
    /** The broker did not answer. */
    public static final int UNREACHABLE = 6;

    /** The lines of the exit-code table, shared by {@code phiguard --help} and the tests. */
    public static final String[] HELP = {
        "  0  success",
        "  1  anything else went wrong (the message says what)",
        "  2  invalid arguments or configuration",
        "  3  denied: the lease was denied, or the broker refused the request",
        "  4  timed out waiting for approval",
        "  5  the lease expired or was revoked",
        "  6  cannot reach the broker",
        "  7  'phiguard replay --verify': the recording is truncated (readable, but its end is missing)",
        "     with 'phiguard lease ... -- CMD': the exit code of CMD"
    };

    private ExitCodes() {}

    /** A failure whose message is meant for the user as is (no stack trace). */
    public static final class UserFacingException extends RuntimeException {
        private final int exitCode;

        public UserFacingException(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        public UserFacingException(int exitCode, String message) {
            this(exitCode, message, null);
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** The exit code of a broker error: refusals are 3, everything else 1. */
    public static int of(BrokerException e) {
        return e.isRefusal() ? DENIED : FAILED;
    }

    /** Prints a one-line error instead of a stack trace (the trace too with {@code --verbose}). */
    static final class ExceptionHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, ParseResult parseResult) {
            int code = report(e, cli);
            if (verbose(parseResult)) {
                e.printStackTrace(cli.getErr());
            } else if (code == FAILED && !(e instanceof UserFacingException) && !(e instanceof BrokerException)) {
                cli.getErr().println("(run again with --verbose for details)");
            }
            return code;
        }

        private static int report(Exception e, CommandLine cli) {
            if (e instanceof UserFacingException user) {
                cli.getErr().println("phiguard: " + user.getMessage());
                return user.exitCode;
            }
            if (e instanceof BrokerUnreachableException unreachable) {
                cli.getErr().println("phiguard: " + unreachable.getMessage());
                return UNREACHABLE;
            }
            if (e instanceof BrokerException broker) {
                cli.getErr().println("phiguard: " + broker.getMessage() + " (" + broker.code() + ")");
                return ExitCodes.of(broker);
            }
            if (e instanceof IllegalArgumentException) {
                cli.getErr().println("phiguard: " + e.getMessage());
                return USAGE;
            }
            cli.getErr().println("phiguard: unexpected error: " + e);
            org.slf4j.LoggerFactory.getLogger(ExitCodes.class).debug("unexpected error", e);
            return FAILED;
        }

        private static boolean verbose(ParseResult parseResult) {
            for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--verbose")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A bad flag or argument: one line saying what is wrong, and where help is (exit code 2). */
    static final class UsageHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cli = e.getCommandLine();
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("invalid arguments");
            cli.getErr().println("phiguard: " + message);
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()) {
                cli.getErr().println("did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
            }
            cli.getErr().println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
            return USAGE;
        }
    }
}
