package dev.phiguard.proxy.port;

import io.netty.buffer.ByteBuf;

/**
 * Receives every protocol message of an authenticated session in both directions, after masking, in the
 * order it crossed the proxy. The authentication exchange is never recorded.
 */
@FunctionalInterface
public interface RecordingSink {

    SessionRecorder open(SessionInfo session);

    /** Records nothing. */
    static RecordingSink none() {
        return session -> SessionRecorder.NONE;
    }

    enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** The recorder of one session. Called on the session's event loop; must not block for long. */
    interface SessionRecorder {

        /**
         * One message exactly as it was forwarded.
         *
         * @param message the complete message bytes; only readable during the call (do not keep or release it)
         */
        void message(Direction direction, long nanoTime, ByteBuf message);

        /**
         * The server reported ReadyForQuery: a statement boundary, a good point to write what was recorded.
         *
         * @return 0 when the recorder holds nothing back; otherwise the nanoseconds after which the session must call
         *         {@link #flushHeld} (the recorder groups statements that end in quick succession into one write)
         */
        default long statementBoundary() {
            return 0;
        }

        /** Writes what {@link #statementBoundary} held back; called on the session's event loop when it is due. */
        default void flushHeld() {}

        void close(String reason);

        SessionRecorder NONE = new SessionRecorder() {
            @Override
            public void message(Direction direction, long nanoTime, ByteBuf message) {}

            @Override
            public void close(String reason) {}
        };
    }
}
