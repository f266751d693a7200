package dev.phiguard.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real TLS handshakes over loopback between a proxy-side server and an upstream-side client. */
class TlsContextsTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("upstream CA", Duration.ofDays(2));
    private static final CertificateAuthority OTHER_CA = CertificateAuthority.create("other CA", Duration.ofDays(2));
    private static final CertificateAndKey SERVER =
            CA.issue("db", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));

    private static EventLoopGroup group;
    private static Channel server;
    private static int port;
    private static SslContext trustsCa;
    private static SslContext trustsOtherCa;

    @TempDir
    static Path directory;

    @BeforeAll
    static void startServer() throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        Pem.write(SERVER, certificate, key);
        Path caFile = directory.resolve("ca.crt");
        Pem.writeCertificates(caFile, List.of(CA.certificate()));
        Path otherCaFile = directory.resolve("other-ca.crt");
        Pem.writeCertificates(otherCaFile, List.of(OTHER_CA.certificate()));
        trustsCa = TlsContexts.forUpstreamVerifyFull(caFile);
        trustsOtherCa = TlsContexts.forUpstreamVerifyFull(otherCaFile);

        SslContext serverContext = TlsContexts.forClients(certificate, key);
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(serverContext.newHandler(channel.alloc()), new CloseOnError());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close().sync();
        }
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void handshakeSucceedsWhenTheCertificateNamesTheHost(String host) throws Exception {
        Future<Channel> handshake = handshake(trustsCa, host);

        assertThat(handshake.isSuccess()).as("handshake failed: %s", handshake.cause()).isTrue();
        SSLSession session = handshake.getNow().pipeline().get(SslHandler.class).engine().getSession();
        assertThat(session.getPeerCertificates()[0]).isEqualTo(SERVER.certificate());
        assertThat(session.getProtocol()).isIn(TlsContexts.PROTOCOLS);
        handshake.getNow().close().sync();
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.example.com", "127.0.0.2", "localhost.evil"})
    void handshakeFailsWhenTheHostNameDoesNotMatch(String host) throws Exception {
        Future<Channel> handshake = handshake(trustsCa, host);

        assertThat(handshake.isSuccess()).isFalse();
        assertThat(handshake.cause()).isInstanceOf(SSLHandshakeException.class)
                .rootCause().isInstanceOf(CertificateException.class).hasMessageContaining("No ");
    }

    @Test
    void handshakeFailsWhenTheCertificateComesFromAnotherCa() throws Exception {
        Future<Channel> handshake = handshake(trustsOtherCa, "localhost");

        assertThat(handshake.isSuccess()).isFalse();
        assertThat(handshake.cause()).isInstanceOf(SSLHandshakeException.class)
                .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING).containsIgnoringCase("path");
    }

    @Test
    void selfSignedDevelopmentCertificateWorksAsItsOwnRoot() throws Exception {
        DevelopmentCertificate development = DevelopmentCertificate.loadOrCreate(directory.resolve("dev"));
        SslContext serverContext = TlsContexts.forClients(development.certificateFile(), development.keyFile());
        Channel devServer = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(serverContext.newHandler(channel.alloc()), new CloseOnError());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        try {
            int devPort = ((InetSocketAddress) devServer.localAddress()).getPort();
            SslContext pinned = TlsContexts.forUpstreamVerifyFull(development.certificateFile());

            Future<Channel> ok = handshake(pinned, "localhost", devPort);
            Future<Channel> wrongName = handshake(pinned, "db.example.com", devPort);

            assertThat(ok.isSuccess()).as("handshake failed: %s", ok.cause()).isTrue();
            assertThat(wrongName.isSuccess()).isFalse();
            ok.getNow().close().sync();
        } finally {
            devServer.close().sync();
        }
    }

    @Test
    void upstreamHandlerEnablesHostnameVerification() {
        SslHandler handler = TlsContexts.upstreamHandler(trustsCa, ByteBufAllocator.DEFAULT, "localhost", 5432);

        assertThat(handler.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(handler.engine().getPeerHost()).isEqualTo("localhost");
        assertThat(handler.engine().getUseClientMode()).isTrue();
    }

    @Test
    void upstreamHandlerRefusesAServerContextOrABlankHost() throws Exception {
        SslContext serverContext = TlsContexts.forClients(directory.resolve("server.crt"), directory.resolve("server.key"));

        assertThatThrownBy(() -> TlsContexts.upstreamHandler(serverContext, ByteBufAllocator.DEFAULT, "localhost", 5432))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client context");
        assertThatThrownBy(() -> TlsContexts.upstreamHandler(trustsCa, ByteBufAllocator.DEFAULT, " ", 5432))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    @Test
    void forClientsNamesAMissingFile() {
        Path missing = directory.resolve("nope.crt");

        assertThatThrownBy(() -> TlsContexts.forClients(missing, directory.resolve("server.key")))
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TlsContexts.forClients(directory.resolve("server.crt"), directory.resolve("nope.key")))
                .hasMessageContaining(directory.resolve("nope.key").toString()).hasMessageContaining("does not exist");
    }

    @Test
    void forClientsNamesAWrongFile() throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        Path notAKey = directory.resolve("not-a-key.pem");
        Files.writeString(notAKey, "hello\n");

        assertThatThrownBy(() -> TlsContexts.forClients(key, certificate)) // swapped
                .hasMessageContaining(key.toString());
        assertThatThrownBy(() -> TlsContexts.forClients(certificate, notAKey))
                .hasMessageContaining(notAKey.toString());
        assertThatThrownBy(() -> TlsContexts.forClients(certificate, certificate))
                .hasMessageContaining(certificate + " holds no unencrypted private key");
    }

    @Test
    void forClientsRefusesAKeyOfAnotherCertificate() throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path otherKey = directory.resolve("ca.key");
        Pem.writePrivateKey(otherKey, CA.certificateAndKey().privateKey());

        assertThatThrownBy(() -> TlsContexts.forClients(certificate, otherKey))
                .hasMessage("private key file " + otherKey + " does not belong to the certificate in " + certificate);
    }

    @Test
    void forUpstreamVerifyFullNamesAMissingOrEmptyRootFile() throws Exception {
        Path missing = directory.resolve("missing-root.crt");
        Path empty = directory.resolve("empty-root.crt");
        Files.writeString(empty, "");

        assertThatThrownBy(() -> TlsContexts.forUpstreamVerifyFull(missing)).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> TlsContexts.forUpstreamVerifyFull(empty)).hasMessageContaining(empty.toString());
    }

    private static Future<Channel> handshake(SslContext context, String host) throws InterruptedException {
        return handshake(context, host, port);
    }

    /** Connects to 127.0.0.1 while verifying the certificate against {@code host}; waits for the handshake. */
    private static Future<Channel> handshake(SslContext context, String host, int targetPort) throws InterruptedException {
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(TlsContexts.upstreamHandler(context, channel.alloc(), host, targetPort), new CloseOnError());
                    }
                })
                .connect("127.0.0.1", targetPort).sync().channel();
        Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
        assertThat(handshake.await(10, TimeUnit.SECONDS)).as("handshake finished").isTrue();
        if (!handshake.isSuccess()) {
            channel.close().sync();
        }
        return handshake;
    }

    /** Failed handshakes are asserted through the handshake future; here they only close the channel. */
    private static final class CloseOnError extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
