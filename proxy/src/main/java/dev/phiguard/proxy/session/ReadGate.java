package dev.phiguard.proxy.session;

import io.netty.channel.Channel;
import java.util.EnumSet;

/**
 * Reads from a channel only while nothing holds it back: the other side's write buffer is full
 * (back-pressure), a statement is held for approval, the server is still being connected, or a session listener
 * (the audit log) is still taking the session's earlier statements. Used on the
 * channel's event loop only.
 */
final class ReadGate {
    enum Reason { PEER_UNWRITABLE, CONNECTING, STATEMENT_HELD, LISTENER_BACKLOG }

    private final Channel channel;
    private final EnumSet<Reason> closedBy = EnumSet.noneOf(Reason.class);

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    void close(Reason reason) {
        closedBy.add(reason);
        channel.config().setAutoRead(false);
    }

    void open(Reason reason) {
        closedBy.remove(reason);
        if (closedBy.isEmpty() && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    void set(Reason reason, boolean closed) {
        if (closed) {
            close(reason);
        } else {
            open(reason);
        }
    }

    boolean isOpen() {
        return closedBy.isEmpty();
    }
}
