package dev.phiguard.cli.demo;

import java.io.PrintWriter;
import java.util.List;

/** Prints the demo as a reader wants to follow it: numbered steps, what happened, and a verdict per step. */
final class Narrator {

    private final PrintWriter out;
    private int step;

    Narrator(PrintWriter out) {
        this.out = out;
    }

    void title(String text) {
        out.println(text);
        out.println("=".repeat(Math.min(text.length(), 100)));
        out.flush();
    }

    void step(String who, String what) {
        out.println();
        out.println(++step + ". [" + who + "] " + what);
        out.flush();
    }

    void detail(String text) {
        for (String line : text.split("\n", -1)) {
            out.println("     " + line);
        }
        out.flush();
    }

    void command(String text) {
        out.println("     $ " + text);
        out.flush();
    }

    void verdict(boolean ok, String text) {
        out.println("     " + (ok ? "OK  " : "FAIL") + " " + text);
        out.flush();
    }

    void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
            }
        }
        detail(line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        detail(rule.toString());
        for (List<String> row : rows) {
            detail(line(row, widths));
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = String.valueOf(cells.get(i));
            b.append(i == 0 ? "" : " | ").append(cell).append(" ".repeat(widths[i] - cell.length()));
        }
        return b.toString().stripTrailing();
    }

    void note(String text) {
        out.println(text);
        out.flush();
    }

    void blank() {
        out.println();
    }
}
