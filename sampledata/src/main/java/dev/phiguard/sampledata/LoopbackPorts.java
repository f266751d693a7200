package dev.phiguard.sampledata;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP ports on the loopback address {@value EmbeddedTarget#HOST}. */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port that is free right now (another process may still take it before we bind it). */
    static int free() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedTarget.HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedTargetException("could not find a free port on " + EmbeddedTarget.HOST, e);
        }
    }

    /** Whether {@code port} can be bound right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedTarget.HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message naming the port when it cannot be bound. */
    static void requireFree(int port) {
        if (!isFree(port)) {
            throw new EmbeddedTargetException("port " + port + " on " + EmbeddedTarget.HOST + " is already in use");
        }
    }
}
