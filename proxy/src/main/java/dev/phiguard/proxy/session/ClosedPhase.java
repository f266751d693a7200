package dev.phiguard.proxy.session;

import dev.phiguard.proxy.wire.Frame;

/** After the connection ended or failed: every frame is dropped. */
enum ClosedPhase implements ClientPhase {
    INSTANCE;

    @Override
    public ClientPhase onFrame(Frame frame) {
        frame.release();
        return this;
    }
}
