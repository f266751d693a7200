package dev.phiguard.broker.http;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What an endpoint answers: a JSON body, a text body, a streamed body (written as it is produced, chunked), or an
 * answer that will come later (long-poll).
 */
sealed interface Reply {

    /**
     * A JSON answer.
     *
     * @param status  the HTTP status
     * @param body    serialised by Jackson
     * @param cleanup run once the body has been written (or failed to be): wipes a credential
     */
    record Json(int status, Object body, Runnable cleanup) implements Reply {
        public Json {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(cleanup, "cleanup");
        }

        Json(int status, Object body) {
            this(status, body, () -> { });
        }
    }

    /** A text answer, e.g. Prometheus metrics. */
    record Text(int status, String contentType, String body) implements Reply {
        public Text {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A body written as it is produced (HTTP chunked transfer), never held whole in memory: an export, a recording.
     * Once the first byte is out the status cannot change; a failure while writing cuts the body short.
     */
    record Stream(int status, String contentType, Body body) implements Reply {
        public Stream {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }

        /** Writes the body; does not close {@code out}. */
        @FunctionalInterface
        interface Body {
            void writeTo(java.io.OutputStream out) throws java.io.IOException;
        }
    }

    /** An answer that a future will give; it is written by the thread that completes it. */
    record Deferred(CompletionStage<Reply> reply) implements Reply {
        public Deferred {
            Objects.requireNonNull(reply, "reply");
        }
    }

    static Reply ok(Object body) {
        return new Json(200, body);
    }
}
