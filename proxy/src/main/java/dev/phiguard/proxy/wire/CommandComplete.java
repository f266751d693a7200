package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** CommandComplete ('C'): {@code String tag}, e.g. {@code "SELECT 2"}, {@code "INSERT 0 1"}, {@code "BEGIN"}. */
public record CommandComplete(String tag) implements BackendMessage {

    public CommandComplete {
        Objects.requireNonNull(tag, "tag");
    }

    /**
     * The row count at the end of the tag ({@code "SELECT 2"} is 2, {@code "INSERT 0 1"} is 1), or -1 if the tag
     * has none ({@code "BEGIN"}).
     */
    public long rowCount() {
        int space = tag.lastIndexOf(' ');
        if (space < 0 || space == tag.length() - 1) {
            return -1;
        }
        long n = 0;
        for (int i = space + 1; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < '0' || c > '9' || n > (Long.MAX_VALUE - 9) / 10) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    public static CommandComplete decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "CommandComplete");
        String tag = r.readCStringLenient("command tag");
        r.expectEnd();
        return new CommandComplete(tag);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.COMMAND_COMPLETE);
        Wire.writeCString(out, tag);
        Wire.endMessage(out, start);
    }
}
