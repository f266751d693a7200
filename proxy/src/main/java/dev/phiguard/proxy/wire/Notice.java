package dev.phiguard.proxy.wire;

import java.util.Map;

/**
 * What ErrorResponse ('E') and NoticeResponse ('N') share: {@code (Byte1 code, String value)*, Byte1 0}, held as an
 * ordered map from field code to value. The codes are the constants below.
 */
public sealed interface Notice extends BackendMessage permits ErrorResponse, NoticeResponse {

    char SEVERITY = 'S';
    /** Severity, never localized (PostgreSQL 9.6+). */
    char SEVERITY_NON_LOCALIZED = 'V';
    char SQLSTATE = 'C';
    char MESSAGE = 'M';
    char DETAIL = 'D';
    char HINT = 'H';
    char POSITION = 'P';
    char INTERNAL_POSITION = 'p';
    char INTERNAL_QUERY = 'q';
    char WHERE = 'W';
    char SCHEMA_NAME = 's';
    char TABLE_NAME = 't';
    char COLUMN_NAME = 'c';
    char DATA_TYPE_NAME = 'd';
    char CONSTRAINT_NAME = 'n';
    char FILE = 'F';
    char LINE = 'L';
    char ROUTINE = 'R';

    /** Field code to value, in wire order. */
    Map<Character, String> fields();

    default String field(char code) {
        return fields().get(code);
    }

    /** Localized severity ('S'), e.g. {@code ERROR}, {@code FATAL}, {@code NOTICE}. */
    default String severity() {
        return field(SEVERITY);
    }

    /** Non-localized severity ('V'), or null from servers before 9.6. */
    default String severityNonLocalized() {
        return field(SEVERITY_NON_LOCALIZED);
    }

    default String sqlState() {
        return field(SQLSTATE);
    }

    default String message() {
        return field(MESSAGE);
    }

    default String detail() {
        return field(DETAIL);
    }

    default String hint() {
        return field(HINT);
    }
}
