package dev.phiguard.proxy.session;

import dev.phiguard.proxy.auth.UpstreamAuthenticator;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.UpstreamLogin;
import dev.phiguard.proxy.wire.BackendKeyData;
import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.Messages;
import dev.phiguard.proxy.wire.PgFrameDecoder;
import dev.phiguard.proxy.wire.ProtocolViolationException;
import dev.phiguard.proxy.wire.SaslInitialResponse;
import dev.phiguard.proxy.wire.SaslResponse;
import dev.phiguard.proxy.wire.StartupMessage;
import dev.phiguard.proxy.wire.Terminate;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's connection to the target server for one session: connects (with TLS verify-full when the
 * target asks for it), logs in with the target's own credential, then hands every frame to the session's
 * {@link ServerToClient} relay.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private enum Phase { CONNECTING, AUTHENTICATING, AWAITING_READY, RELAYING, CLOSED }

    private final ProxySession session;
    private final Target target;
    private final UpstreamAuthenticator authenticator;
    private final String user;
    private Channel channel;
    private ReadGate readGate;
    private Phase phase = Phase.CONNECTING;

    UpstreamConnection(ProxySession session, UpstreamLogin login) {
        this.session = session;
        this.target = session.target();
        this.user = login.user();
        char[] password = login.password();
        this.authenticator = new UpstreamAuthenticator(login.user(), password, login.scramKeys());
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    void connect(EventLoop loop, Class<? extends Channel> channelType, Duration timeout) {
        int maxMessageSize = session.runtime().config().maxServerMessageSize();
        UpstreamConnection self = this;
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (target.tls() instanceof Target.UpstreamTls.VerifyFull verifyFull) {
                            ch.pipeline().addLast("tls-negotiation", new UpstreamTlsNegotiator(target, verifyFull));
                        }
                        ch.pipeline().addLast("frames", new PgFrameDecoder(PgFrameDecoder.Side.BACKEND, maxMessageSize));
                        ch.pipeline().addLast("upstream", self);
                    }
                });
        bootstrap.connect(target.host(), target.port()).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                log.warn("session {}: could not connect to target '{}' at {}:{}: {}", session.info().sessionId(),
                        target.name(), target.host(), target.port(), future.cause().toString());
                session.upstreamFailed("08006", "phiguard could not connect to target \"" + target.name()
                        + "\": " + describe(future.cause()));
            } else if (session.isClosed()) {
                future.channel().close();
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        readGate = new ReadGate(channel);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (target.tls() instanceof Target.UpstreamTls.Disabled) {
            sendStartup(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof UpstreamTlsNegotiator.Established) {
            sendStartup(ctx);
        } else if (event instanceof UpstreamTlsNegotiator.Failed failed) {
            session.upstreamFailed("08006", "phiguard could not establish TLS to target \"" + target.name() + "\": "
                    + failed.reason());
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void sendStartup(ChannelHandlerContext ctx) {
        if (session.isClosed()) {
            ctx.close();
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", user);
        parameters.put("database", target.database());
        parameters.putAll(session.parameters().forwarded());
        ctx.writeAndFlush(Messages.encode(ctx.alloc(), new StartupMessage(MessageType.PROTOCOL_3_0, parameters)));
        phase = Phase.AUTHENTICATING;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        switch (phase) {
            case RELAYING -> session.serverToClient().onFrame(frame);
            case AUTHENTICATING -> {
                try {
                    authenticate(ctx, frame);
                } finally {
                    frame.release();
                }
            }
            case AWAITING_READY -> awaitReady(frame);
            default -> frame.release();
        }
    }

    private void authenticate(ChannelHandlerContext ctx, Frame frame) {
        if (frame.type() == MessageType.ERROR_RESPONSE) {
            loginRefused(ErrorResponse.decode(frame.body()));
            return;
        }
        if (frame.type() == MessageType.NEGOTIATE_PROTOCOL_VERSION) {
            return;
        }
        if (frame.type() != MessageType.AUTHENTICATION) {
            throw new ProtocolViolationException("unexpected message '" + (char) frame.type()
                    + "' from the server during authentication");
        }
        ByteBuf body = frame.body();
        if (body.readableBytes() < 4) {
            throw new ProtocolViolationException("authentication request too short");
        }
        int code = body.getInt(body.readerIndex());
        byte[] data = new byte[body.readableBytes() - 4];
        body.getBytes(body.readerIndex() + 4, data);
        UpstreamAuthenticator.Step step = authenticator.onAuthenticationRequest(code, data);
        if (step instanceof UpstreamAuthenticator.Step.SendPassword password) {
            byte[] secret = password.passwordMessageBody();
            ByteBuf message = ctx.alloc().buffer(5 + secret.length)
                    .writeByte(MessageType.AUTHENTICATION_RESPONSE).writeInt(4 + secret.length).writeBytes(secret);
            Arrays.fill(secret, (byte) 0);
            ctx.writeAndFlush(message);
        } else if (step instanceof UpstreamAuthenticator.Step.SendSaslInitial initial) {
            ctx.writeAndFlush(Messages.encode(ctx.alloc(), new SaslInitialResponse(initial.mechanism(), initial.data())));
        } else if (step instanceof UpstreamAuthenticator.Step.SendSaslResponse response) {
            ctx.writeAndFlush(Messages.encode(ctx.alloc(), new SaslResponse(response.data())));
        } else if (step instanceof UpstreamAuthenticator.Step.AwaitNext) {
            return;
        } else if (step instanceof UpstreamAuthenticator.Step.Authenticated) {
            phase = Phase.AWAITING_READY;
        } else if (step instanceof UpstreamAuthenticator.Step.Failed failed) {
            log.warn("session {}: login to target '{}' as '{}' failed: {}", session.info().sessionId(), target.name(),
                    user, failed.reason());
            session.upstreamFailed("08004", "phiguard could not log in to target \"" + target.name() + "\": "
                    + failed.reason());
        }
    }

    private void awaitReady(Frame frame) {
        switch (frame.type()) {
            case MessageType.PARAMETER_STATUS, MessageType.NOTICE_RESPONSE ->
                    session.forwardStartupMessage(frame.content());
            case MessageType.BACKEND_KEY_DATA -> {
                session.serverKey(BackendKeyData.decode(frame.body()));
                frame.release();
            }
            case MessageType.READY_FOR_QUERY -> {
                phase = Phase.RELAYING;
                session.upstreamReady(frame.content());
            }
            case MessageType.ERROR_RESPONSE -> {
                try {
                    loginRefused(ErrorResponse.decode(frame.body()));
                } finally {
                    frame.release();
                }
            }
            default -> {
                frame.release();
                throw new ProtocolViolationException("unexpected message '" + (char) frame.type()
                        + "' from the server during startup");
            }
        }
    }

    private void loginRefused(ErrorResponse error) {
        log.warn("session {}: target '{}' refused the login as '{}': {} {}", session.info().sessionId(), target.name(),
                user, error.sqlState(), error.message());
        session.upstreamFailed("08004", "target \"" + target.name() + "\" refused phiguard's login (SQLSTATE "
                + error.sqlState() + "); the proxy's log has the details");
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (phase == Phase.RELAYING) {
            session.flushClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.client().readGate().set(ReadGate.Reason.PEER_UNWRITABLE, !ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Phase was = phase;
        phase = Phase.CLOSED;
        if (was == Phase.RELAYING) {
            session.serverClosed(session.serverToClient().sentFatal());
        } else if (was != Phase.CLOSED) {
            session.upstreamFailed("08006", "target \"" + target.name() + "\" closed the connection during login");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (phase == Phase.CLOSED || session.isClosed()) {
            // the proxy closed this connection itself (the client left mid-result): nothing went wrong
            log.debug("session {}: connection to target '{}' ended: {}", session.info().sessionId(), target.name(),
                    cause.toString());
            ctx.close();
            return;
        }
        log.warn("session {}: error on the connection to target '{}': {}", session.info().sessionId(), target.name(),
                cause.toString());
        if (phase != Phase.RELAYING) {
            session.upstreamFailed("08006", "phiguard lost the connection to target \"" + target.name()
                    + "\" during login");
        }
        ctx.close();
    }

    // ---- used by the session ----

    /** From now on the server's consecutive DataRows arrive as runs ({@link PgFrameDecoder#coalesceDataRows}). */
    void coalesceDataRows() {
        PgFrameDecoder frames = channel.pipeline().get(PgFrameDecoder.class);
        if (frames != null) {
            frames.coalesceDataRows();
        }
    }

    void write(ByteBuf bytes) {
        // no promise per message: a failed write reaches exceptionCaught
        channel.write(bytes, channel.voidPromise());
    }

    void flush() {
        channel.flush();
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    ReadGate readGate() {
        return readGate;
    }

    /** Says goodbye to the server (Terminate) and closes. */
    void close() {
        Phase was = phase;
        phase = Phase.CLOSED;
        if (channel == null || !channel.isActive()) {
            return;
        }
        if (was == Phase.RELAYING) {
            channel.writeAndFlush(Messages.encode(channel.alloc(), Terminate.INSTANCE))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "connection timed out";
        }
        if (cause instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return cause.getClass().getSimpleName();
    }
}
