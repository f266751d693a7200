package dev.phiguard.proxy.recording;

/**
 * Thrown on the session's event loop when its recording cannot continue (the disk writer fell behind beyond the
 * back-pressure limit, or writing failed). The proxy closes the session: nothing is ever relayed unrecorded.
 */
public final class RecordingFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordingFailedException(String message) {
        super(message);
    }

    public RecordingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
