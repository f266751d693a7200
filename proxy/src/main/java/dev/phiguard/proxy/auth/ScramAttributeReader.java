package dev.phiguard.proxy.auth;

/**
 * Reads the comma-separated {@code x=value} attributes of a SCRAM message (RFC 5802, section 7)
 * from left to right. Error messages name the message and the attribute, never their content.
 */
final class ScramAttributeReader {

    private final String text;
    private final String messageName;
    private int position;

    ScramAttributeReader(String text, String messageName) {
        this.text = text;
        this.messageName = messageName;
    }

    /** @return the index in the text where the next attribute starts */
    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= text.length();
    }

    /** @return the name of the next attribute, or {@code 0} at the end */
    char peekName() {
        return atEnd() ? 0 : text.charAt(position);
    }

    /** Reads the attribute {@code name=value} and returns its value, which may be empty. */
    String read(char name, String description) throws ScramException {
        if (peekName() != name || !hasEqualsSign()) {
            throw new ScramException("malformed SCRAM " + messageName + ": expected the " + description
                    + " attribute '" + name + "=' here");
        }
        return takeValue();
    }

    /** Reads an attribute of any name (an extension) and returns its value. */
    String readAny() throws ScramException {
        char name = peekName();
        boolean letter = (name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z');
        if (!letter || !hasEqualsSign()) {
            throw new ScramException("malformed SCRAM " + messageName + ": expected an attribute 'x=value'");
        }
        return takeValue();
    }

    private boolean hasEqualsSign() {
        return position + 1 < text.length() && text.charAt(position + 1) == '=';
    }

    private String takeValue() throws ScramException {
        int start = position + 2;
        int comma = text.indexOf(',', start);
        if (comma < 0) {
            position = text.length();
            return text.substring(start);
        }
        if (comma == text.length() - 1) {
            throw new ScramException("malformed SCRAM " + messageName + ": it ends with a comma");
        }
        position = comma + 1;
        return text.substring(start, comma);
    }
}
