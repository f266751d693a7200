package dev.phiguard.proxy.session;

import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.Messages;
import dev.phiguard.proxy.wire.PgMessage;
import dev.phiguard.proxy.wire.ProtocolViolationException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's end of one client connection. Frames are handed, in order, to the current {@link ClientPhase};
 * processing can be suspended (while the server is being connected, or while a statement is held) without
 * losing or reordering frames.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final ProxyRuntime runtime;
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ClientPhase phase;
    private ReadGate readGate;
    private ScheduledFuture<?> authenticationTimeout;
    private boolean suspended;
    private boolean draining;
    private boolean tls;
    private boolean closing;

    public ClientConnection(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.readGate = new ReadGate(ctx.channel());
        this.phase = new StartupPhase(this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long timeout = runtime.config().authenticationTimeout().toMillis();
        authenticationTimeout = ctx.executor().schedule(
                () -> fatal("08006", "authentication timed out"), timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closing) {
            frame.release();
            return;
        }
        pending.add(frame);
        drain();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Frame frame;
            while (!suspended && !closing && (frame = pending.poll()) != null) {
                phase = phase.onFrame(frame);
            }
        } catch (ProtocolViolationException e) {
            fatal("08P01", e.getMessage());
        } catch (RuntimeException e) {
            log.error("internal error in client session", e);
            fatal("XX000", "internal error in the phiguard proxy");
        } finally {
            draining = false;
        }
        if (closing) {
            releasePending();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        phase.onReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        phase.onWritabilityChanged(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        cancelAuthenticationTimeout();
        releasePending();
        phase.onClosed();
        phase = ClosedPhase.INSTANCE;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                && !(cause instanceof ProtocolViolationException) ? cause.getCause() : cause;
        if (root instanceof ProtocolViolationException violation) {
            log.info("closing client {}: protocol violation: {}", ctx.channel().remoteAddress(), violation.getMessage());
            fatal("08P01", violation.getMessage());
        } else if (root instanceof javax.net.ssl.SSLException || root instanceof java.io.IOException) {
            log.debug("client {} connection error: {}", ctx.channel().remoteAddress(), root.toString());
            ctx.close();
        } else {
            log.error("internal error on client connection {}", ctx.channel().remoteAddress(), root);
            fatal("XX000", "internal error in the phiguard proxy");
        }
    }

    // ---- used by phases ----

    ChannelHandlerContext context() {
        return ctx;
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    ReadGate readGate() {
        return readGate;
    }

    boolean isTls() {
        return tls;
    }

    void markTls() {
        tls = true;
    }

    /** Writes a message (not flushed). */
    void write(PgMessage message) {
        ctx.write(Messages.encode(ctx.alloc(), message));
    }

    void flush() {
        ctx.flush();
    }

    /** Stops handing frames to the phase until {@link #resume()}; frames that arrive meanwhile wait in order. */
    void suspend() {
        suspended = true;
    }

    /** Continues with the frames that waited; safe to call from any thread. */
    void resume() {
        if (ctx.executor().inEventLoop()) {
            suspended = false;
            drain();
            // frames that waited were forwarded without a read burst ending: flush them now
            phase.onReadComplete();
        } else {
            ctx.executor().execute(this::resume);
        }
    }

    /** Authentication completed: the timeout no longer applies. */
    void authenticated() {
        cancelAuthenticationTimeout();
    }

    /**
     * Sends a FATAL ErrorResponse and closes the connection once it is written. The message must not hold
     * secrets.
     */
    void fatal(String sqlState, String message) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> fatal(sqlState, message));
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        cancelAuthenticationTimeout();
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Messages.encode(ctx.alloc(), ErrorResponse.fatal(sqlState, message)))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes after everything written so far is flushed. */
    void closeAfterFlush() {
        closing = true;
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    boolean isClosing() {
        return closing;
    }

    private void releasePending() {
        Frame frame;
        while ((frame = pending.poll()) != null) {
            frame.release();
        }
    }

    private void cancelAuthenticationTimeout() {
        if (authenticationTimeout != null) {
            authenticationTimeout.cancel(false);
            authenticationTimeout = null;
        }
    }
}
