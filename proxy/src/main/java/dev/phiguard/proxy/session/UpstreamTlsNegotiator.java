package dev.phiguard.proxy.session;

import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.tls.TlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Asks the server for TLS (SSLRequest), and on 'S' replaces itself with a TLS handler that verifies the
 * server's certificate and host name. Fires {@link Established} or {@link Failed} as a user event; never
 * falls back to plain text.
 */
final class UpstreamTlsNegotiator extends ChannelInboundHandlerAdapter {
    record Established() {}

    record Failed(String reason) {}

    private static final int SSL_REQUEST_CODE = 80877103;

    private final Target target;
    private final Target.UpstreamTls.VerifyFull tls;

    UpstreamTlsNegotiator(Target target, Target.UpstreamTls.VerifyFull tls) {
        this.target = target;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(sslRequest());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (!in.isReadable()) {
                return;
            }
            byte answer = in.readByte();
            if (in.isReadable()) {
                fail(ctx, "the server sent unexpected data after its answer to SSLRequest");
                return;
            }
            if (answer == 'N') {
                fail(ctx, "the server does not accept TLS, but the target requires verify-full");
                return;
            }
            if (answer != 'S') {
                fail(ctx, "the server answered SSLRequest with an unexpected byte");
                return;
            }
            SslHandler ssl = TlsContexts.upstreamHandler(tls.context(), ctx.alloc(), target.host(), target.port());
            ctx.pipeline().replace(this, "tls", ssl);
            ssl.handshakeFuture().addListener(future -> {
                if (future.isSuccess()) {
                    ctx.pipeline().fireUserEventTriggered(new Established());
                } else {
                    ctx.pipeline().fireUserEventTriggered(new Failed(describe(future.cause())));
                    ctx.close();
                }
            });
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        ctx.pipeline().fireUserEventTriggered(new Failed(reason));
        ctx.close();
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return "TLS handshake failed" + (message == null ? "" : ": " + message);
    }

    static ByteBuf sslRequest() {
        return Unpooled.buffer(8).writeInt(8).writeInt(SSL_REQUEST_CODE);
    }
}
