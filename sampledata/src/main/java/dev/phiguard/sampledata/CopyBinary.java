package dev.phiguard.sampledata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A growable byte buffer that writes PostgreSQL's {@code COPY ... (FORMAT binary)} encoding: a signature header,
 * per row a 16-bit field count and per field a 32-bit length ({@code -1} for NULL) followed by the value in the
 * type's binary send format, and a {@code -1} trailer. Used by the loader: the server parses binary rows about
 * twice as fast as text (no date or timestamp parsing).
 */
final class CopyBinary {

    /** {@code PGCOPY\n\377\r\n\0}, then flags and header-extension length, both 0. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long POSTGRES_EPOCH_SECOND = POSTGRES_EPOCH_DAY * 86_400L;

    private byte[] bytes;
    private int size;

    CopyBinary(int initialCapacity) {
        this.bytes = new byte[initialCapacity];
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    void clear() {
        size = 0;
    }

    CopyBinary header() {
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, bytes, size, HEADER.length);
        size += HEADER.length;
        return this;
    }

    CopyBinary trailer() {
        return int16(-1);
    }

    /** Starts a row of {@code fields} columns. */
    CopyBinary row(int fields) {
        return int16(fields);
    }

    CopyBinary int8Field(long value) {
        int32(8);
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    CopyBinary nullField() {
        return int32(-1);
    }

    /** A {@code text}, {@code varchar} or {@code char(n)} value in UTF-8, or NULL. */
    CopyBinary textField(String value) {
        if (value == null) {
            return nullField();
        }
        int length = value.length();
        ensure(4 + length);
        int lengthAt = size;
        size += 4;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                size = lengthAt;
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                int32(utf8.length);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, bytes, size, utf8.length);
                size += utf8.length;
                return this;
            }
            bytes[size++] = (byte) c;
        }
        putInt(lengthAt, length);
        return this;
    }

    /** A {@code date}: days since 2000-01-01, or NULL. */
    CopyBinary dateField(LocalDate date) {
        if (date == null) {
            return nullField();
        }
        int32(4);
        return int32(Math.toIntExact(date.toEpochDay() - POSTGRES_EPOCH_DAY));
    }

    /** A {@code timestamptz}: microseconds since 2000-01-01 00:00 UTC, or NULL. */
    CopyBinary timestampField(Instant instant) {
        if (instant == null) {
            return nullField();
        }
        long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECOND, 1_000_000L),
                instant.getNano() / 1_000);
        return int8Field(micros);
    }

    private CopyBinary int16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    private CopyBinary int32(int value) {
        ensure(4);
        putInt(size, value);
        size += 4;
        return this;
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /** Appends a patient as one binary row, columns as in {@link Patient#COLUMNS}. */
    static void patient(Patient patient, CopyBinary out) {
        out.row(13)
                .int8Field(patient.patientId())
                .textField(patient.mrn())
                .textField(patient.ssn())
                .textField(patient.firstName())
                .textField(patient.lastName())
                .dateField(patient.dateOfBirth())
                .textField(patient.email())
                .textField(patient.phone())
                .textField(patient.street())
                .textField(patient.city())
                .textField(patient.state())
                .textField(patient.zip())
                .textField(patient.notes());
    }

    /** Appends an encounter as one binary row, columns as in {@link Encounter#COLUMNS}. */
    static void encounter(Encounter encounter, CopyBinary out) {
        out.row(6)
                .int8Field(encounter.encounterId())
                .int8Field(encounter.patientId())
                .timestampField(encounter.admittedAt())
                .timestampField(encounter.dischargedAt())
                .textField(encounter.diagnosisCode())
                .textField(encounter.notes());
    }
}
