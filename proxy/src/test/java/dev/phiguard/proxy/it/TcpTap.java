package dev.phiguard.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on loopback between the proxy and a server that keeps a copy of every byte sent each way, per
 * connection: what a network observer between the two would see. Plain blocking sockets, one thread per
 * direction, written independently of the proxy.
 */
final class TcpTap implements AutoCloseable {
    /** The 8 bytes of an SSLRequest: length 8, code 80877103. */
    static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Tapped> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-tap");
        t.setDaemon(true);
        return t;
    });

    /** One relayed connection: what the proxy sent the server, and what the server sent back. */
    static final class Tapped {
        private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        private final ByteArrayOutputStream toProxy = new ByteArrayOutputStream();

        byte[] toServer() {
            synchronized (toServer) {
                return toServer.toByteArray();
            }
        }

        byte[] toProxy() {
            synchronized (toProxy) {
                return toProxy.toByteArray();
            }
        }
    }

    TcpTap(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The connections relayed so far, in the order they were accepted. */
    List<Tapped> connections() {
        return List.copyOf(connections);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket proxySide = listener.accept();
                Socket serverSide = new Socket(targetHost, targetPort);
                sockets.add(proxySide);
                sockets.add(serverSide);
                Tapped tapped = new Tapped();
                connections.add(tapped);
                threads.execute(() -> pump(proxySide, serverSide, tapped.toServer));
                threads.execute(() -> pump(serverSide, proxySide, tapped.toProxy));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream copy) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (copy) {
                    copy.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /**
     * Whether {@code bytes} are an SSLRequest followed by nothing but TLS records (handshake, alert, change
     * cipher spec, application data): i.e. nothing of the PostgreSQL protocol travelled in plain text.
     */
    static boolean sslRequestThenOnlyTls(byte[] bytes) {
        if (bytes.length < SSL_REQUEST.length) {
            return false;
        }
        for (int i = 0; i < SSL_REQUEST.length; i++) {
            if (bytes[i] != SSL_REQUEST[i]) {
                return false;
            }
        }
        int i = SSL_REQUEST.length;
        while (i < bytes.length) {
            if (bytes.length - i < 5) {
                return false;
            }
            int contentType = bytes[i] & 0xff;
            int major = bytes[i + 1] & 0xff;
            int length = (bytes[i + 3] & 0xff) << 8 | (bytes[i + 4] & 0xff);
            if (contentType < 20 || contentType > 23 || major != 3 || length > (1 << 14) + 2048) {
                return false;
            }
            i += 5 + length;
        }
        return i == bytes.length;
    }

    /** Whether {@code needle} occurs in {@code haystack}. */
    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(TcpTap::closeQuietly);
        threads.shutdownNow();
    }
}
