package dev.phiguard.proxy.session;

import dev.phiguard.proxy.config.ProxyConfig;
import dev.phiguard.proxy.port.ProxyPorts;
import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What every connection of one proxy listener shares: its configuration, its ports, the registry of live
 * sessions, and a source of randomness. One per {@code ProxyServer}; never global.
 */
public final class ProxyRuntime {
    private final ProxyConfig config;
    private final ProxyPorts ports;
    private final SessionRegistry registry;
    private final SecureRandom random;
    private final byte[] mockAuthenticationSecret;
    private final Class<? extends Channel> upstreamChannelType;

    public ProxyRuntime(ProxyConfig config, ProxyPorts ports, Class<? extends Channel> upstreamChannelType) {
        this.config = config;
        this.ports = ports;
        this.upstreamChannelType = upstreamChannelType;
        this.random = new SecureRandom();
        this.registry = new SessionRegistry(random);
        this.mockAuthenticationSecret = new byte[32];
        random.nextBytes(mockAuthenticationSecret);
    }

    public ProxyConfig config() {
        return config;
    }

    public ProxyPorts ports() {
        return ports;
    }

    public SessionRegistry registry() {
        return registry;
    }

    SecureRandom random() {
        return random;
    }

    byte[] mockAuthenticationSecret() {
        return mockAuthenticationSecret;
    }

    Class<? extends Channel> upstreamChannelType() {
        return upstreamChannelType;
    }

    /** A new session id: 96 random bits, hex. */
    String newSessionId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "s-" + HexFormat.of().formatHex(bytes);
    }
}
