package dev.phiguard.proxy.it;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately naive PostgreSQL client over a plain socket, written independently of the proxy's codec,
 * so that tests can send exactly the bytes they want (including malformed ones) and read raw replies.
 */
final class RawPgClient implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    record Message(char type, byte[] body) {
        Map<Character, String> errorFields() {
            Map<Character, String> fields = new HashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int start = i;
                while (body[i] != 0) {
                    i++;
                }
                fields.put(code, new String(body, start, i - start, StandardCharsets.UTF_8));
                i++;
            }
            return fields;
        }
    }

    RawPgClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void startup(String user, String database) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeInt(196608);
        for (String s : List.of("user", user, "database", database)) {
            b.write(s.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        b.write(0);
        out.writeInt(body.size() + 4);
        out.write(body.toByteArray());
        out.flush();
    }

    void sendTyped(char type, byte[] body) throws IOException {
        out.write(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads until the server closes; returns the messages seen. */
    List<Message> readUntilClosed() throws IOException {
        List<Message> messages = new java.util.ArrayList<>();
        while (true) {
            try {
                messages.add(read());
            } catch (EOFException e) {
                return messages;
            }
        }
    }

    /** Startup and SCRAM-SHA-256 login with the ongres client, up to ReadyForQuery. */
    void login(String user, String database, String password) throws Exception {
        startup(user, database);
        Message sasl = read();
        if (sasl.type() != 'R') {
            throw new IllegalStateException("expected authentication request, got " + sasl.type());
        }
        ScramClient scram = ScramClient.builder()
                .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*")
                .password(password.toCharArray())
                .stringPreparation(StringPreparation.POSTGRESQL_PREPARATION)
                .build();
        byte[] first = scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream initial = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(initial);
        b.write("SCRAM-SHA-256".getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.writeInt(first.length);
        b.write(first);
        sendTyped('p', initial.toByteArray());
        Message cont = read();
        scram.serverFirstMessage(new String(cont.body(), 4, cont.body().length - 4, StandardCharsets.UTF_8));
        sendTyped('p', scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
        Message fin = read();
        scram.serverFinalMessage(new String(fin.body(), 4, fin.body().length - 4, StandardCharsets.UTF_8));
        Message m;
        do {
            m = read();
            if (m.type() == 'E') {
                throw new IllegalStateException("login failed: " + m.errorFields());
            }
        } while (m.type() != 'Z');
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
