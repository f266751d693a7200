package dev.phiguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The documented exit codes, and the mapping of failures to them. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private ExitCodes() {}

    /** A failure whose message is meant for the user as is (no stack trace). */
    static final class UserFacingException extends RuntimeException {
        private final int exitCode;

        UserFacingException(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        UserFacingException(int exitCode, String message) {
            this(exitCode, message, null);
        }
    }

    /** Prints a one-line error instead of a stack trace; unexpected errors say where details are. */
    static final class ExceptionHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, ParseResult parseResult) {
            if (e instanceof UserFacingException user) {
                cli.getErr().println("phiguard: " + user.getMessage());
                return user.exitCode;
            }
            if (e instanceof IllegalArgumentException) {
                cli.getErr().println("phiguard: " + e.getMessage());
                return USAGE;
            }
            cli.getErr().println("phiguard: unexpected error: " + e);
            org.slf4j.LoggerFactory.getLogger(ExitCodes.class).debug("unexpected error", e);
            return FAILED;
        }
    }
}
