package dev.phiguard.policies.masking;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/** PostgreSQL's binary date and timestamp encodings, written from the protocol documentation. */
final class BinaryDates {

    private static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);

    private BinaryDates() {
    }

    static byte[] date(LocalDate date) {
        return ByteBuffer.allocate(4).putInt((int) ChronoUnit.DAYS.between(EPOCH, date)).array();
    }

    static byte[] timestamp(LocalDateTime timestamp) {
        return ByteBuffer.allocate(8).putLong(ChronoUnit.MICROS.between(EPOCH.atStartOfDay(), timestamp)).array();
    }

    static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static byte[] int64(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
