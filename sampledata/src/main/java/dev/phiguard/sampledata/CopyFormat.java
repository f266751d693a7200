package dev.phiguard.sampledata;

/** The two {@code COPY} encodings the generator produces. */
enum CopyFormat {
    /** Tab-separated, backslash-escaped text: {@link CopyText}. */
    TEXT("text"),
    /** PostgreSQL's binary COPY format: {@link CopyBinary}. */
    BINARY("binary");

    private final String keyword;

    CopyFormat(String keyword) {
        this.keyword = keyword;
    }

    /** The {@code FORMAT} option value. */
    String keyword() {
        return keyword;
    }
}
