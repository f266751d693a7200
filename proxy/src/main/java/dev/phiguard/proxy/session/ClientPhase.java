package dev.phiguard.proxy.session;

import dev.phiguard.proxy.wire.Frame;

/**
 * One phase of a client connection (startup, authentication, relay). Each phase handles a frame and returns
 * the phase that handles the next one, so the connection's state is a value, not a set of flags.
 */
interface ClientPhase {

    /** Handles one frame and takes ownership of it (forwards or releases it). */
    ClientPhase onFrame(Frame frame);

    /** The client's current read burst ended: a good moment to flush what was forwarded. */
    default void onReadComplete() {}

    /** The client's write buffer crossed a water mark. */
    default void onWritabilityChanged(boolean writable) {}

    /** The client connection closed. */
    default void onClosed() {}
}
