package dev.phiguard.cli.replay;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.proxy.recording.RecordingStatus;

/**
 * The exit code of a verification: 0 valid, {@value #TRUNCATED} truncated (intact but without its signed trailer:
 * the session is open or its node died), 1 corrupt (altered or damaged; the message names the offset and chunk).
 */
final class Verdict {

    /** The exit code of a truncated recording (docs/cli.md). */
    static final int TRUNCATED = 7;

    private Verdict() {
    }

    static int exitCode(RecordingStatus status) {
        if (status instanceof RecordingStatus.Valid) {
            return ExitCodes.OK;
        }
        if (status instanceof RecordingStatus.Truncated) {
            return TRUNCATED;
        }
        return ExitCodes.FAILED; // Corrupt; Closed (read without its signature checked) is not a verdict
    }
}
