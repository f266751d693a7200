package dev.phiguard.proxy.session;

import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.wire.BackendKeyData;
import dev.phiguard.proxy.wire.CancelRequest;
import dev.phiguard.proxy.wire.Messages;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a CancelRequest to the target on a connection of its own, with the server's cancel key (which the
 * client never sees). Fire and forget, as in PostgreSQL: the server answers a cancel with nothing.
 */
final class CancelForwarder {
    private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);

    private CancelForwarder() {}

    static void send(EventLoop loop, Class<? extends Channel> channelType, Target target, BackendKeyData key) {
        new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (target.tls() instanceof Target.UpstreamTls.VerifyFull verifyFull) {
                            ch.pipeline().addLast(new UpstreamTlsNegotiator(target, verifyFull));
                        }
                        ch.pipeline().addLast(new CancelHandler(target, key));
                    }
                })
                .connect(target.host(), target.port())
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        log.warn("could not send a cancel request to target '{}': {}", target.name(), f.cause().toString());
                    }
                });
    }

    /** Sends the cancel once the connection is ready: at once, or after the TLS handshake the target requires. */
    private static final class CancelHandler extends ChannelInboundHandlerAdapter {
        private final Target target;
        private final BackendKeyData key;

        CancelHandler(Target target, BackendKeyData key) {
            this.target = target;
            this.key = key;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (target.tls() instanceof Target.UpstreamTls.Disabled) {
                sendCancel(ctx);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof UpstreamTlsNegotiator.Established) {
                sendCancel(ctx);
            } else if (event instanceof UpstreamTlsNegotiator.Failed failed) {
                log.warn("could not send a cancel request to target '{}': {}", target.name(), failed.reason());
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // a server answers a cancel request with nothing
        }

        private void sendCancel(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Messages.encode(ctx.alloc(), new CancelRequest(key.processId(), key.secretKey())))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("cancel connection to target '{}' failed: {}", target.name(), cause.toString());
            ctx.close();
        }
    }
}
