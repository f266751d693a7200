package dev.phiguard.proxy;

import dev.phiguard.proxy.config.ProxyConfig;
import dev.phiguard.proxy.port.ProxyPorts;
import dev.phiguard.proxy.session.ClientConnection;
import dev.phiguard.proxy.session.ProxyRuntime;
import dev.phiguard.proxy.session.ProxySession;
import dev.phiguard.proxy.wire.PgFrameDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL wire-protocol proxy: accepts clients, authenticates them against lease credentials, and
 * relays each to its target through the ports' enforcement seams.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.start(config, ports)) {
 *     proxy.terminateLease("lease-42", "lease revoked by alice");
 * }
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private static final WriteBufferWaterMark CLIENT_WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final ProxyRuntime runtime;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;

    private ProxyServer(ProxyRuntime runtime, EventLoopGroup bossGroup, EventLoopGroup workerGroup,
                        Channel serverChannel) {
        this.runtime = runtime;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds the listener and returns once it accepts connections.
     *
     * @throws ProxyStartException when the address cannot be bound
     */
    public static ProxyServer start(ProxyConfig config, ProxyPorts ports) {
        Transport transport = Transport.best();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.factory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, transport.factory());
        ProxyRuntime runtime = new ProxyRuntime(config, ports, transport.clientChannel());
        int maxMessageSize = config.maxClientMessageSize();
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, CLIENT_WATER_MARK)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("frames", new PgFrameDecoder(PgFrameDecoder.Side.FRONTEND,
                                    maxMessageSize));
                            ch.pipeline().addLast("client", new ClientConnection(runtime));
                        }
                    })
                    .bind(config.listen())
                    .syncUninterruptibly()
                    .channel();
            ProxyServer server = new ProxyServer(runtime, boss, workers, channel);
            log.info("phiguard proxy listening on {} ({} transport, TLS {})", server.address(), transport.name(),
                    config.clientTls().offered().isEmpty() ? "off"
                            : config.clientTls().required() ? "required" : "offered");
            return server;
        } catch (Exception e) { // bind failures arrive as (undeclared) IOExceptions from the native transport
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new ProxyStartException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
    }

    /** The address the proxy listens on (with the actual port when port 0 was configured). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Cuts every live session of a lease: each client receives FATAL 57P01 with {@code reason}, its running
     * query is cancelled, and both connections close. Returns the number of sessions cut.
     */
    public int terminateLease(String leaseId, String reason) {
        List<ProxySession> sessions = runtime.registry().sessionsOfLease(leaseId);
        sessions.forEach(s -> s.terminate("57P01", reason));
        return sessions.size();
    }

    /** The leases that have live sessions on this proxy now. */
    public java.util.Set<String> leasesWithSessions() {
        return runtime.registry().all().stream().map(s -> s.info().leaseId())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The number of authenticated sessions. */
    public int sessionCount() {
        return runtime.registry().size();
    }

    /** Stops accepting, tells every session the proxy is shutting down, and releases the threads. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        runtime.registry().all().forEach(s -> s.terminate("57P01", "terminating connection: the phiguard proxy is"
                + " shutting down"));
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        bossGroup.terminationFuture().syncUninterruptibly();
        log.info("phiguard proxy on {} stopped", serverChannel.localAddress());
    }

    /** Native epoll on Linux when available, NIO elsewhere. */
    private record Transport(String name, IoHandlerFactory factory, Class<? extends ServerChannel> serverChannel,
                             Class<? extends Channel> clientChannel) {
        static Transport best() {
            if (Epoll.isAvailable()) {
                return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                        EpollSocketChannel.class);
            }
            return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
        }
    }
}
