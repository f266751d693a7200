package dev.phiguard.proxy.recording;

import java.io.IOException;

/** A recording cannot be read as asked: not a recording, a wrong or missing key, corrupt where it was needed. */
public class RecordingException extends IOException {

    private static final long serialVersionUID = 1L;

    public RecordingException(String message) {
        super(message);
    }

    public RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
