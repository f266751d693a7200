package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** ReadyForQuery ('Z'): {@code Byte1 transactionStatus}: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
public record ReadyForQuery(char transactionStatus) implements BackendMessage {

    public static final char STATUS_IDLE = 'I';
    public static final char STATUS_IN_TRANSACTION = 'T';
    public static final char STATUS_FAILED_TRANSACTION = 'E';

    public static final ReadyForQuery IDLE = new ReadyForQuery(STATUS_IDLE);
    public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery(STATUS_IN_TRANSACTION);
    public static final ReadyForQuery FAILED_TRANSACTION = new ReadyForQuery(STATUS_FAILED_TRANSACTION);

    public ReadyForQuery {
        if (transactionStatus != STATUS_IDLE && transactionStatus != STATUS_IN_TRANSACTION
                && transactionStatus != STATUS_FAILED_TRANSACTION) {
            throw new IllegalArgumentException("transaction status must be 'I', 'T' or 'E'");
        }
    }

    public static ReadyForQuery decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "ReadyForQuery");
        byte status = r.readByte("transaction status");
        r.expectEnd();
        switch (status) {
            case STATUS_IDLE:
                return IDLE;
            case STATUS_IN_TRANSACTION:
                return IN_TRANSACTION;
            case STATUS_FAILED_TRANSACTION:
                return FAILED_TRANSACTION;
            default:
                throw r.violation("invalid transaction status " + MessageType.describe(status));
        }
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.READY_FOR_QUERY);
        out.writeInt(5);
        out.writeByte(transactionStatus);
    }
}
