package dev.phiguard.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The proxy's TLS contexts (JDK provider, TLS 1.2 and 1.3 only): one to serve clients, one to
 * reach PostgreSQL with full verification (trusted root and host name). There is deliberately no
 * context that trusts any server certificate.
 */
public final class TlsContexts {

    /** Protocol versions offered on both sides. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final String HOSTNAME_VERIFICATION = "HTTPS";

    private TlsContexts() {}

    /**
     * The server context for the proxy's listener.
     *
     * @param certificateChainPem the certificate (optionally followed by its intermediates)
     * @param privateKeyPem the certificate's unencrypted private key
     * @throws IOException naming the file when a file is missing, unreadable or invalid, or the key
     *     does not belong to the certificate
     */
    public static SslContext forClients(Path certificateChainPem, Path privateKeyPem) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(certificateChainPem);
        PrivateKey key = Pem.readPrivateKey(privateKeyPem);
        Pem.requireMatchingKey(chain.get(0), key, certificateChainPem, privateKeyPem);
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException e) {
            throw new IOException("cannot build the TLS server context from " + certificateChainPem + " and "
                    + privateKeyPem + ": " + e.getMessage(), e);
        }
    }

    /**
     * The client context for connections to PostgreSQL in {@code verify-full} mode: the server
     * must present a certificate chaining to one of the certificates in {@code rootCertificatesPem}.
     * Use {@link #upstreamHandler} so that the host name is checked as well.
     *
     * @throws IOException naming the file when it is missing, unreadable or holds no certificate
     */
    public static SslContext forUpstreamVerifyFull(Path rootCertificatesPem) throws IOException {
        List<X509Certificate> roots = Pem.readCertificates(rootCertificatesPem);
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .trustManager(roots)
                    .endpointIdentificationAlgorithm(HOSTNAME_VERIFICATION)
                    .build();
        } catch (SSLException e) {
            throw new IOException("cannot build the upstream TLS context from " + rootCertificatesPem + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A client {@link SslHandler} for {@code host:port} whose handshake fails unless the server
     * certificate is valid for {@code host} (a DNS name or an IP literal), on top of chaining to a
     * trusted root.
     *
     * @param context a client context from {@link #forUpstreamVerifyFull}
     * @throws IllegalArgumentException if {@code context} is a server context or {@code host} is blank
     */
    public static SslHandler upstreamHandler(SslContext context, ByteBufAllocator allocator, String host, int port) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(host, "host");
        if (!context.isClient()) {
            throw new IllegalArgumentException("upstreamHandler needs a client context (forUpstreamVerifyFull)");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("upstream host name must not be blank: it is what the certificate is checked against");
        }
        SslHandler handler = context.newHandler(allocator, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(HOSTNAME_VERIFICATION);
        engine.setSSLParameters(parameters);
        return handler;
    }
}
