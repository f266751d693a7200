package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * AuthenticationMD5Password ('R', code 5): {@code Byte4 salt}. The array is not copied: do not modify it.
 * {@code toString()} does not show the salt.
 */
public record AuthenticationMd5Password(byte[] salt) implements Authentication {

    public AuthenticationMd5Password {
        if (salt == null || salt.length != 4) {
            throw new IllegalArgumentException("the MD5 salt is 4 bytes");
        }
    }

    @Override
    public int code() {
        return MessageType.AUTH_MD5_PASSWORD;
    }

    /** @param body the bytes after the header, starting with the code */
    public static AuthenticationMd5Password decode(ByteBuf body) {
        BodyReader r = BodyReader.authentication(body, "AuthenticationMD5Password", MessageType.AUTH_MD5_PASSWORD);
        byte[] salt = r.readBytes(4, "salt");
        r.expectEnd();
        return new AuthenticationMd5Password(salt);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.AUTHENTICATION);
        out.writeInt(12);
        out.writeInt(MessageType.AUTH_MD5_PASSWORD);
        out.writeBytes(salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationMd5Password && Arrays.equals(salt, ((AuthenticationMd5Password) o).salt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "AuthenticationMd5Password[salt=<4 bytes>]";
    }
}
