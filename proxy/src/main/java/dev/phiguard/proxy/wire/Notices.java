package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The field codec shared by ErrorResponse and NoticeResponse. */
final class Notices {

    private Notices() {
    }

    /** Validates and copies fields for the record constructors. */
    static Map<Character, String> copyFields(Map<Character, String> fields) {
        Objects.requireNonNull(fields, "fields");
        LinkedHashMap<Character, String> copy = new LinkedHashMap<>(fields);
        for (Map.Entry<Character, String> e : copy.entrySet()) {
            char c = Objects.requireNonNull(e.getKey(), "field code");
            if (c == 0 || c > 0xFF) {
                throw new IllegalArgumentException("field code must be a non-zero single byte");
            }
            Objects.requireNonNull(e.getValue(), "field value");
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Reads the fields of an 'E' or 'N' body. A repeated field code is a violation. */
    static Map<Character, String> decodeFields(ByteBuf body, String messageName) {
        BodyReader r = BodyReader.of(body, messageName);
        LinkedHashMap<Character, String> fields = new LinkedHashMap<>();
        while (true) {
            byte code = r.readByte("field code");
            if (code == 0) {
                break;
            }
            String value = r.readCStringLenient("field value");
            if (fields.put((char) (code & 0xFF), value) != null) {
                throw r.violation("repeated field " + MessageType.describe(code));
            }
        }
        r.expectEnd();
        return fields;
    }

    static void encode(ByteBuf out, byte type, Map<Character, String> fields) {
        int start = Wire.beginMessage(out, type);
        for (Map.Entry<Character, String> e : fields.entrySet()) {
            out.writeByte(e.getKey());
            Wire.writeCString(out, e.getValue());
        }
        out.writeByte(0);
        Wire.endMessage(out, start);
    }

    static Map<Character, String> standardFields(String severity, String sqlState, String message) {
        LinkedHashMap<Character, String> fields = new LinkedHashMap<>(8);
        fields.put(Notice.SEVERITY, Objects.requireNonNull(severity, "severity"));
        fields.put(Notice.SEVERITY_NON_LOCALIZED, severity);
        fields.put(Notice.SQLSTATE, Objects.requireNonNull(sqlState, "sqlState"));
        fields.put(Notice.MESSAGE, Objects.requireNonNull(message, "message"));
        return fields;
    }

    /** Severity, SQLSTATE and the codes of the fields present; never the texts (they may quote values). */
    static String describe(String name, Notice n) {
        StringBuilder codes = new StringBuilder(n.fields().size());
        for (Character c : n.fields().keySet()) {
            codes.append(c.charValue());
        }
        return name + "[severity=" + n.severity() + ", sqlState=" + n.sqlState() + ", fields=" + codes + "]";
    }
}
