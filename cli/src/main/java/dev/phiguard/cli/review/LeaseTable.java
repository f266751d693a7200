package dev.phiguard.cli.review;

import dev.phiguard.cli.client.Lease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The lease table of {@code phiguard leases}: id, state, requester, CI run, purpose, TTL, reason, age. */
public final class LeaseTable {
    static final String[] HEADER = {"ID", "STATE", "REQUESTER", "CI RUN", "PURPOSE", "TTL", "REASON", "AGE"};

    private LeaseTable() {}

    /** The table, columns aligned, one lease per line (newest first, as the broker lists them). */
    public static String render(List<Lease> leases, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Lease l : leases) {
            rows.add(new String[] {
                l.id(),
                l.state() + (l.endReason() != null ? "(" + l.endReason() + ")" : ""),
                l.requester() == null ? "-" : Texts.cut(l.requester().subject(), 24),
                Texts.cut(l.ciRun(), 48),
                Texts.cut(l.purpose(), 20),
                Texts.duration(l.ttl()),
                Texts.cut(l.reason(), 40),
                Texts.age(l.createdAt(), now)
            });
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
