package dev.phiguard.sampledata;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a PostgreSQL StartupMessage and reports which authentication request the server answers with, to check
 * which exchange really runs (a JDBC driver would hide it).
 */
final class AuthenticationProbe {

    /** Authentication request codes of the PostgreSQL protocol. */
    enum Request {
        OK(0), CLEARTEXT_PASSWORD(3), MD5_PASSWORD(5), SASL(10);

        final int code;

        Request(int code) {
            this.code = code;
        }

        static Request of(int code) {
            for (Request request : values()) {
                if (request.code == code) {
                    return request;
                }
            }
            throw new IllegalStateException("unexpected authentication request " + code);
        }
    }

    private AuthenticationProbe() {
    }

    /**
     * Returns the first authentication request for {@code user} on {@code database}.
     *
     * @throws IllegalStateException with the server's message when it answers with an ErrorResponse
     */
    static Request firstRequest(String host, int port, String user, String database) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream bodyOut = new DataOutputStream(body);
            bodyOut.writeInt(196_608); // protocol 3.0
            for (String s : new String[] {"user", user, "database", database}) {
                bodyOut.write(s.getBytes(StandardCharsets.UTF_8));
                bodyOut.writeByte(0);
            }
            bodyOut.writeByte(0);
            out.writeInt(body.size() + 4);
            body.writeTo(out);
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte type = in.readByte();
            int length = in.readInt();
            byte[] payload = new byte[length - 4];
            in.readFully(payload);
            if (type == 'E') {
                throw new IllegalStateException("server refused: "
                        + new String(payload, StandardCharsets.UTF_8).replace('\0', ' ').trim());
            }
            if (type != 'R') {
                throw new IllegalStateException("expected an authentication request, got '" + (char) type + "'");
            }
            int code = ((payload[0] & 0xFF) << 24) | ((payload[1] & 0xFF) << 16) | ((payload[2] & 0xFF) << 8)
                    | (payload[3] & 0xFF);
            return Request.of(code);
        }
    }
}
