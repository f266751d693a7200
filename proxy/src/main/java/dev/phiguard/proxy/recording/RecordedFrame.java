package dev.phiguard.proxy.recording;

import dev.phiguard.proxy.port.RecordingSink.Direction;
import java.util.Objects;

/**
 * One recorded protocol message.
 *
 * @param index      0-based position among the recording's frames
 * @param direction  which way it crossed the proxy
 * @param nanos      monotonic nanoseconds since the recording opened
 * @param message    the complete message bytes (type byte and length included), as recorded
 */
public record RecordedFrame(long index, Direction direction, long nanos, byte[] message) {

    public RecordedFrame {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(message, "message");
    }

    /** The message's type byte (0 if empty). */
    public byte type() {
        return message.length == 0 ? 0 : message[0];
    }

    /** Index, direction, time, type and length only: the bytes may hold masked rows. */
    @Override
    public String toString() {
        return "RecordedFrame[" + index + ", " + direction + ", +" + nanos + "ns, type=" + (char) type() + ", "
                + message.length + " bytes]";
    }
}
