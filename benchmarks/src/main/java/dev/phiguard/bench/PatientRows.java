package dev.phiguard.bench;

import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.sampledata.Patient;
import dev.phiguard.sampledata.SyntheticPatients;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic patients encoded as the DataRow messages a PostgreSQL server sends for them (text format), held in one
 * contiguous direct buffer the way they arrive from a socket. Immutable after construction; release it when done.
 */
final class PatientRows implements AutoCloseable {

    /** The seed of every benchmark's patients: every run measures the same rows. */
    static final long SEED = 42;

    private static SyntheticPatients generator;

    private final List<PatientColumn> columns;
    private final ByteBuf messages;
    private final ByteBuf[] bodies;
    /** Row i is the message at {@code starts[i] .. starts[i + 1]}. */
    private final int[] starts;
    private final Patient[] patients;

    /**
     * @param columns the result's columns
     * @param count   patients {@code 1..count}, one row each
     */
    PatientRows(List<PatientColumn> columns, int count) {
        this.columns = List.copyOf(columns);
        this.patients = new Patient[count];
        this.bodies = new ByteBuf[count];
        this.messages = Unpooled.directBuffer(count * 256);
        SyntheticPatients source = generator();
        this.starts = new int[count + 1];
        for (int i = 0; i < count; i++) {
            patients[i] = source.patient(i + 1);
            starts[i] = messages.writerIndex();
            DataRow.encode(messages, values(patients[i]));
        }
        starts[count] = messages.writerIndex();
        for (int i = 0; i < count; i++) {
            // the body: after the type byte and the length, exactly what Frame.body() hands to DataRow.decode
            bodies[i] = messages.slice(starts[i] + 5, starts[i + 1] - starts[i] - 5);
        }
    }

    /** One generator per JVM: building its name pools takes a second or two. */
    static synchronized SyntheticPatients generator() {
        if (generator == null) {
            generator = new SyntheticPatients(SEED);
        }
        return generator;
    }

    private List<ByteBuf> values(Patient patient) {
        List<ByteBuf> values = new ArrayList<>(columns.size());
        for (PatientColumn column : columns) {
            String text = column.text(patient);
            values.add(text == null ? null : Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
        }
        return values;
    }

    int count() {
        return bodies.length;
    }

    List<PatientColumn> columns() {
        return columns;
    }

    /** The body of row {@code i} (a slice of {@link #messages()}: do not change its indices). */
    ByteBuf body(int i) {
        return bodies[i];
    }

    Patient patient(int i) {
        return patients[i];
    }

    /** Row {@code i} as the complete DataRow message (type byte and length included), a slice. */
    ByteBuf message(int i) {
        return messages.slice(starts[i], starts[i + 1] - starts[i]);
    }

    /** Every row as complete DataRow messages, back to back: a server's reply stream. */
    ByteBuf messages() {
        return messages;
    }

    @Override
    public void close() {
        messages.release();
    }
}
