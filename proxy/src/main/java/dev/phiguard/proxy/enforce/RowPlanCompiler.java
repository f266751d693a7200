package dev.phiguard.proxy.enforce;

import dev.phiguard.policies.decision.ColumnTreatment;
import dev.phiguard.policies.decision.ResultPlan;
import dev.phiguard.policies.detect.Detectors;
import dev.phiguard.policies.masking.DateShift;
import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.masking.Maskers;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.masking.PgTypes;
import dev.phiguard.policies.masking.ValueMasker;
import dev.phiguard.proxy.port.ResultSource;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.RowDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the policy's plan for a result (a treatment per output column) into the operations the proxy runs
 * on each row, given what the server actually described: column types and the formats the client asked
 * for. Whatever cannot be done safely is done more strictly: a text mask on a non-text column gives NULL, a
 * plan whose columns do not match the description suppresses every column, a mask that cannot work on a
 * binary value refuses the result.
 */
final class RowPlanCompiler {
    private static final Logger log = LoggerFactory.getLogger(RowPlanCompiler.class);

    /**
     * Types whose binary format is a fixed-layout number, boolean, date, time or UUID, so it cannot carry free text:
     * bool, int8, int2, int4, oid, float4, float8, money, date, time, timestamp, timestamptz, interval, timetz,
     * numeric, uuid.
     */
    private static final Set<Integer> BINARY_WITHOUT_TEXT = Set.of(16, 20, 21, 23, 26, 700, 701, 790, 1082, 1083,
            1114, 1184, 1186, 1266, 1700, 2950);

    private RowPlanCompiler() {}

    static RowPlan compile(ResultPlan plan, RowDescription description, ResultSource source, MaskingKeys keys,
                           DateShift shift, Detectors detectors) {
        return compile(plan, description, source, keys, shift, detectors, RecordKeys.NONE);
    }

    /**
     * @param recordKeys which columns are record keys, and how their values are hashed
     */
    static RowPlan compile(ResultPlan plan, RowDescription description, ResultSource source, MaskingKeys keys,
                           DateShift shift, Detectors detectors, RecordKeys recordKeys) {
        List<RowDescription.Field> fields = description.fields();
        boolean matches = !plan.isUnknown() && plan.columns().size() == fields.size()
                && namesMatch(plan.columnNames(), fields);
        if (!matches && !plan.isUnknown()) {
            log.warn("the analysed columns {} do not match the server's description of {} columns; every column"
                    + " is suppressed", plan.columnNames(), fields.size());
        }
        List<ColumnOp> ops = new ArrayList<>(fields.size());
        String[] keyTables = new String[fields.size()];
        boolean anyKey = false;
        boolean anyChange = false;
        for (int i = 0; i < fields.size(); i++) {
            RowDescription.Field field = fields.get(i);
            boolean binary = source.format(i) == ResultSource.BINARY;
            ColumnTreatment treatment = matches ? plan.columns().get(i) : new ColumnTreatment.Suppressed("unmatched");
            ColumnOp op = op(treatment, field, binary, keys, shift, detectors);
            anyChange |= op.changes();
            ops.add(op);
            keyTables[i] = recordKeys.tableOf(treatment, field, binary);
            anyKey |= keyTables[i] != null;
        }
        if (anyKey) {
            return new MaskingRowPlan(ops, keyTables, recordKeys.collector());
        }
        return anyChange ? new MaskingRowPlan(ops) : RowPlan.PASS_THROUGH;
    }

    private static boolean namesMatch(List<String> expected, List<RowDescription.Field> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (!expected.get(i).equals(fields.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    private static ColumnOp op(ColumnTreatment treatment, RowDescription.Field field, boolean binary,
                               MaskingKeys keys, DateShift shift, Detectors detectors) {
        int type = field.typeOid();
        boolean text = PgTypes.isTextLike(type);
        if (treatment instanceof ColumnTreatment.Clear) {
            if (!detectors.isActive() || (binary && BINARY_WITHOUT_TEXT.contains(type))) {
                return ColumnOp.Keep.INSTANCE; // binary numbers and dates carry no free text
            }
            // text, and in binary format also arrays, records, json, jsonb, bytea and unknown types: their bytes hold
            // the text they carry as it is, so the detectors scan them; a finding outside a text column gives NULL
            return new ColumnOp.Detect(detectors, text);
        }
        if (treatment instanceof ColumnTreatment.Suppressed) {
            return text ? ColumnOp.Replace.WITH_STARS : ColumnOp.Replace.WITH_NULL;
        }
        Masking rule = ((ColumnTreatment.Masked) treatment).rule();
        boolean producesText = rule instanceof Masking.Redact || rule instanceof Masking.Partial
                || rule instanceof Masking.Tokenize;
        if (producesText && !text) {
            return ColumnOp.Replace.WITH_NULL; // "***" is not a valid number or date: the value goes entirely
        }
        ValueMasker masker = Maskers.compile(rule, keys, shift);
        if (binary && !masker.supportsBinary(type)) {
            throw new IllegalStateException("column \"" + field.name() + "\" cannot be masked in binary format;"
                    + " ask for text format");
        }
        return new ColumnOp.Mask(masker, type, binary);
    }
}
