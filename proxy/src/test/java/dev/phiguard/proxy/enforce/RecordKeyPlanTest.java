package dev.phiguard.proxy.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.policies.decision.ColumnTreatment;
import dev.phiguard.policies.decision.ResultPlan;
import dev.phiguard.policies.detect.DetectorSettings;
import dev.phiguard.policies.detect.Detectors;
import dev.phiguard.policies.masking.DateShift;
import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.proxy.port.RecordKeyHashing;
import dev.phiguard.proxy.port.ResultDetails;
import dev.phiguard.proxy.port.ResultSource;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.RowDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The row plan's accounting for the audit trail: values masked are the non-null cells it replaced; the record keys
 * are the keyed hashes of the raw values (taken before masking) of columns that are the key column itself; the number
 * of distinct keys kept is capped and the excess counted.
 */
class RecordKeyPlanTest {
    private static final int TEXT = 25;
    private static final int INT4 = 23;
    /** A visible stand-in for the server's HMAC: enough to see which raw value was hashed, and for which table. */
    private static final RecordKeyHashing HASHING = (table, raw) -> "h(" + table + ":" + raw + ")";
    private static final Masking.Tokenize MRN_TOKEN = new Masking.Tokenize(Masking.Tokenize.Format.MRN);
    private static final Masking.Redact REDACT = new Masking.Redact("***");

    private static Policy policy;
    private static final MaskingKeys KEYS = MaskingKeys.of(new byte[32]);

    @BeforeAll
    static void load() throws Exception {
        policy = new PolicyLoader().load(Path.of("..", "policies", "examples", "study-42.yaml"));
    }

    private static RowDescription.Field field(String name, int type) {
        return new RowDescription.Field(name, 0, (short) 0, type, (short) -1, -1, (short) 0);
    }

    private static RowPlan compile(List<ColumnTreatment> treatments, List<RowDescription.Field> fields,
                                   ResultSource source, int maxKeys) {
        return compile(treatments, fields, source, maxKeys, HASHING);
    }

    private static RowPlan compile(List<ColumnTreatment> treatments, List<RowDescription.Field> fields,
                                   ResultSource source, int maxKeys, RecordKeyHashing hashing) {
        List<String> names = fields.stream().map(RowDescription.Field::name).toList();
        ResultPlan plan = new ResultPlan(treatments, names, DetectorSettings.none(), OptionalInt.empty());
        return RowPlanCompiler.compile(plan, new RowDescription(fields), source, KEYS, new DateShift(1),
                Detectors.compile(DetectorSettings.none()), RecordKeys.of(policy, hashing, maxKeys));
    }

    /** A hasher in the server's form (64 lower-case hex characters; SHA-256 stands in for its HMAC). */
    private static String hexHash(String table, String raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((table + ":" + raw).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static ByteBuf text(String value) {
        return value == null ? null : Unpooled.copiedBuffer(value, StandardCharsets.UTF_8);
    }

    /** Passes one row through the plan and returns the values the client would get. */
    private static List<String> pass(RowPlan plan, String... values) {
        List<ByteBuf> columns = new ArrayList<>();
        Arrays.stream(values).forEach(v -> columns.add(text(v)));
        DataRow row = DataRow.of(columns);
        columns.stream().filter(java.util.Objects::nonNull).forEach(ByteBuf::release);
        ByteBuf rewritten = plan.rewrite(row, ByteBufAllocator.DEFAULT);
        try {
            DataRow out = rewritten == null ? row : DataRow.decode(rewritten.skipBytes(5));
            List<String> result = new ArrayList<>();
            for (int i = 0; i < out.columnCount(); i++) {
                result.add(out.isNull(i) ? null : out.column(i).toString(StandardCharsets.UTF_8));
            }
            return result;
        } finally {
            if (rewritten != null) {
                rewritten.release();
            }
        }
    }

    private static final List<RowDescription.Field> FIELDS = List.of(field("patient_id", INT4), field("mrn", TEXT),
            field("first_name", TEXT), field("state", TEXT));
    private static final List<ColumnTreatment> TREATMENTS = List.of(new ColumnTreatment.Clear(),
            new ColumnTreatment.Masked(MRN_TOKEN, "patients.mrn"), new ColumnTreatment.Masked(REDACT,
                    "patients.first_name"), new ColumnTreatment.Clear());

    @Test
    void countsMaskedCellsAndHashesTheRawKeysBeforeMasking() {
        RowPlan plan = compile(TREATMENTS, FIELDS, ResultSource.ofQuery("q", 0), 100);
        List<String> first = pass(plan, "1", "MRN00000001", "Ada", "NY");
        pass(plan, "2", "MRN00000002", null, "CA");   // a NULL is not a masked value
        pass(plan, "3", null, "Bob", "TX");            // a NULL key is not a key
        pass(plan, "1", "MRN00000001", "Ada", "NY");   // the same key twice is one key

        assertThat(first.get(1)).matches("MRN\\d{8}").isNotEqualTo("MRN00000001");
        ResultDetails details = plan.details();
        assertThat(details.valuesMasked()).isEqualTo(2 + 1 + 1 + 2);
        assertThat(details.recordKeys()).isEqualTo(Map.of("patients",
                Set.of("h(patients:MRN00000001)", "h(patients:MRN00000002)")));
        assertThat(details.recordKeysTruncated()).isFalse();
    }

    @Test
    void aColumnDerivedFromTheKeyIsNotAKey() {
        List<ColumnTreatment> treatments = List.of(new ColumnTreatment.Suppressed("derived from patients.mrn"));
        RowPlan plan = compile(treatments, List.of(field("lower", TEXT)), ResultSource.ofQuery("q", 0), 100);
        assertThat(pass(plan, "mrn00000001")).containsExactly("***");
        assertThat(plan.details().recordKeys()).isEmpty();
        assertThat(plan.details().valuesMasked()).isEqualTo(1);
    }

    @Test
    void aMaskedColumnThatIsNotARecordKeyIsNotHashed() {
        RowPlan plan = compile(List.of(new ColumnTreatment.Masked(REDACT, "patients.first_name")),
                List.of(field("first_name", TEXT)), ResultSource.ofQuery("q", 0), 100);
        pass(plan, "Ada");
        assertThat(plan.details().recordKeys()).isEmpty();
    }

    @Test
    void keysBeyondTheCapAreCountedNotKept() {
        RowPlan plan = compile(TREATMENTS, FIELDS, ResultSource.ofQuery("q", 0), 3);
        for (int i = 1; i <= 10; i++) {
            pass(plan, String.valueOf(i), String.format("MRN%08d", i), "x", "NY");
        }
        ResultDetails details = plan.details();
        assertThat(details.recordKeys().get("patients")).hasSize(3);
        assertThat(details.recordKeysOmitted()).isEqualTo(7);
        assertThat(details.recordKeysTruncated()).isTrue();
    }

    @Test
    void hashesInTheServersFormAreReportedExactlyAndAnOutcomeIsASnapshot() {
        RowPlan plan = compile(TREATMENTS, FIELDS, ResultSource.ofQuery("q", 0), 2_500, KeyHashPlanHashing.INSTANCE);
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= 2_000; i++) {
            String mrn = String.format("MRN%08d", i % 1_500);
            expected.add(hexHash("patients", mrn));
            pass(plan, String.valueOf(i), mrn, "x", "NY");
        }
        ResultDetails first = plan.details();
        assertThat(first.recordKeys()).isEqualTo(Map.of("patients", expected));
        assertThat(first.recordKeysOmitted()).isZero();

        for (int i = 1; i <= 1_100; i++) {  // 1,000 new keys, then the cap of 2,500 is reached
            pass(plan, String.valueOf(i), String.format("MRN9%07d", i), "x", "NY");
        }
        assertThat(first.recordKeys().get("patients")).as("the first outcome's keys stay as reported").hasSize(1_500)
                .isEqualTo(expected);
        ResultDetails second = plan.details();
        assertThat(second.recordKeys().get("patients")).hasSize(2_500).containsAll(expected)
                .contains(hexHash("patients", "MRN90001000")).doesNotContain(hexHash("patients", "MRN90001001"));
        assertThat(second.recordKeysOmitted()).isEqualTo(100);
    }

    /** {@link #hexHash} as the port. */
    private enum KeyHashPlanHashing implements RecordKeyHashing {
        INSTANCE;

        @Override
        public String hash(String table, String rawValue) {
            return hexHash(table, rawValue);
        }
    }

    /** {@link #hexHash} as the port, with its binary form; counts how each form is used. */
    private static final class BinaryHashing implements RecordKeyHashing {
        int strings;
        int binary;

        @Override
        public String hash(String table, String rawValue) {
            strings++;
            return hexHash(table, rawValue);
        }

        @Override
        public boolean hashInto(String table, byte[] value, int offset, int length, byte[] out) {
            binary++;
            String text = new String(value, offset, length, StandardCharsets.UTF_8);
            System.arraycopy(HexFormat.of().parseHex(hexHash(table, text)), 0, out, 0, 32);
            return true;
        }
    }

    @Test
    void theHashersBinaryFormGivesTheSameKeysWithoutStrings() {
        BinaryHashing binary = new BinaryHashing();
        RowPlan withBinary = compile(TREATMENTS, FIELDS, ResultSource.ofQuery("q", 0), 100, binary);
        RowPlan withStrings = compile(TREATMENTS, FIELDS, ResultSource.ofQuery("q", 0), 100,
                KeyHashPlanHashing.INSTANCE);
        // ASCII keys take the binary form; a key with other characters (or a very long one) is hashed as a String
        List<String> mrns = List.of("MRN00000001", "MRN00000002", "MRN00000001", "MRN-\u00e9t\u00e9", "",
                "M".repeat(5_000));
        for (RowPlan plan : List.of(withBinary, withStrings)) {
            for (String mrn : mrns) {
                pass(plan, "1", mrn, "x", "NY");
            }
        }
        assertThat(withBinary.details()).isEqualTo(withStrings.details());
        assertThat(withBinary.details().recordKeys().get("patients")).hasSize(5)
                .contains(hexHash("patients", "MRN-\u00e9t\u00e9"), hexHash("patients", ""));
        assertThat(binary.binary).isEqualTo(4);
        assertThat(binary.strings).isEqualTo(2);
    }

    @Test
    void aHasherWithoutABinaryFormIsAskedForStrings() {
        int[] asked = new int[2];
        RecordKeyHashing stringsOnly = new RecordKeyHashing() {
            @Override
            public String hash(String table, String rawValue) {
                asked[0]++;
                return hexHash(table, rawValue);
            }

            @Override
            public boolean hashInto(String table, byte[] value, int offset, int length, byte[] out) {
                asked[1]++;
                out[0] = 42; // not a hash: must not be read
                return false;
            }
        };
        RowPlan plan = compile(TREATMENTS, FIELDS, ResultSource.ofQuery("q", 0), 100, stringsOnly);
        pass(plan, "1", "MRN00000001", "x", "NY");
        pass(plan, "2", "MRN00000002", "x", "NY");
        assertThat(plan.details().recordKeys()).isEqualTo(Map.of("patients",
                Set.of(hexHash("patients", "MRN00000001"), hexHash("patients", "MRN00000002"))));
        assertThat(asked).containsExactly(2, 1);
    }

    @Test
    void withoutAHasherNoKeysAreCollected() {
        RowPlan plan = RowPlanCompiler.compile(new ResultPlan(TREATMENTS, FIELDS.stream().map(RowDescription.Field::name)
                        .toList(), DetectorSettings.none(), OptionalInt.empty()), new RowDescription(FIELDS),
                ResultSource.ofQuery("q", 0), KEYS, new DateShift(1), Detectors.compile(DetectorSettings.none()),
                RecordKeys.of(policy, RecordKeyHashing.NONE, 100));
        pass(plan, "1", "MRN00000001", "Ada", "NY");
        assertThat(plan.details().recordKeys()).isEmpty();
        assertThat(plan.details().valuesMasked()).isEqualTo(2);
    }

    @Test
    void theRowLimitPlanReportsTheDetailsOfItsMaskingPlan() {
        RowPlan plan = new RowLimitPlan(compile(TREATMENTS, FIELDS, ResultSource.ofQuery("q", 0), 100), 10, "p");
        pass(plan, "1", "MRN00000001", "Ada", "NY");
        assertThat(plan.details().recordKeys()).containsOnlyKeys("patients");
        assertThat(plan.details().valuesMasked()).isEqualTo(2);
    }
}
