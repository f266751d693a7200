package dev.phiguard.policies.policy;

/** Dotted paths such as {@code masking.patients.ssn} or {@code requesters[0].issuer}, as messages name them. */
final class KeyPath {

    private KeyPath() {
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** {@code in 'lease'}, or {@code at the top level} for the root. */
    static String in(String path) {
        return path.isEmpty() ? "at the top level" : "in '" + path + "'";
    }
}
