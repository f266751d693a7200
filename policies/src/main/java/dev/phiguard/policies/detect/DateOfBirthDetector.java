package dev.phiguard.policies.detect;

/**
 * Dates of birth in free text: a date right after a label. Labels, in any case and bounded by
 * non-letters: {@code DOB}, {@code D.O.B.}, {@code date of birth}, {@code birth date},
 * {@code birthdate}, {@code birthday}, {@code born} (words separated by spaces, dashes or
 * underscores). Between label and date: up to 8 of {@code : = # , - (} and blanks, and optionally
 * {@code on}, {@code is} or {@code was}. Dates: {@code 03/17/1984}, {@code 17/03/1984},
 * {@code 3-17-84}, {@code 1984-03-17}, {@code 1984/03/17}, {@code 17.03.1984},
 * {@code March 17, 1984}, {@code Mar. 17th 1984}, {@code 17 March 1984}, {@code 17-Mar-1984};
 * numeric dates are accepted as month/day or day/month if either is a real date. Only the date
 * is replaced; the label stays. A date without a label (an ISO timestamp, a visit date) is not a
 * date of birth.
 */
final class DateOfBirthDetector implements SpanDetector {

    /** Label words, longest first where one is a prefix of another. */
    private static final String[][] LABELS = {
        {"date", "of", "birth"}, {"birth", "date"}, {"birthdate"}, {"birthday"}, {"born"},
        {"d.o.b."}, {"d.o.b"}, {"dob"},
    };
    private static final String[] LINKS = {"on", "is", "was"};
    private static final String[] MONTHS = {
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    };
    private static final int MAX_FILLER = 8;

    @Override
    public DetectorKind kind() {
        return DetectorKind.DATE_OF_BIRTH;
    }

    @Override
    public int minDigits() {
        return 4;
    }

    @Override
    public long next(byte[] v, int start, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = Ascii.lower(v[i]);
            if ((b != 'd' && b != 'b') || (i > start && Ascii.isLetter(v[i - 1]))) {
                continue;
            }
            int labelEnd = labelEnd(v, i, end);
            if (labelEnd < 0) {
                continue;
            }
            int dateStart = skipToDate(v, labelEnd, end);
            int dateEnd = DateText.end(v, dateStart, end, MONTHS);
            if (dateEnd > 0) {
                return Spans.of(dateStart, dateEnd);
            }
        }
        return Spans.NONE;
    }

    /** The end of a label starting at {@code i}, or -1. */
    private static int labelEnd(byte[] v, int i, int end) {
        for (String[] words : LABELS) {
            int j = i;
            boolean matched = true;
            for (int w = 0; w < words.length && matched; w++) {
                if (w > 0) {
                    int gap = j;
                    while (j < end && (v[j] == ' ' || v[j] == '-' || v[j] == '_' || v[j] == '\t')) {
                        j++;
                    }
                    matched = j > gap;
                }
                matched = matched && Ascii.wordAt(v, j, end, words[w]);
                j += words[w].length();
            }
            if (matched && (j >= end || !Ascii.isLetter(v[j]))) {
                return j;
            }
        }
        return -1;
    }

    /** Skips separators and a linking word after a label. */
    private static int skipToDate(byte[] v, int j, int end) {
        j = skipFiller(v, j, end);
        for (String link : LINKS) {
            int after = j + link.length();
            if (Ascii.wordAt(v, j, end, link) && after < end && !Ascii.isLetterOrDigit(v[after])) {
                return skipFiller(v, after, end);
            }
        }
        return j;
    }

    private static int skipFiller(byte[] v, int j, int end) {
        int limit = Math.min(end, j + MAX_FILLER);
        while (j < limit) {
            byte b = v[j];
            if (b != ' ' && b != '\t' && b != ':' && b != '=' && b != '#' && b != ',' && b != '-' && b != '(') {
                break;
            }
            j++;
        }
        return j;
    }
}
