package dev.phiguard.bench.endtoend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the memory of another JVM (the proxy) by its process id: heap in use after a full collection through
 * {@code jcmd PID GC.run} and {@code GC.heap_info}, and resident memory from {@code /proc/PID/status}.
 */
final class JvmProbe {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final Pattern STATUS_KB = Pattern.compile("(\\w+):\\s+(\\d+) kB");

    private final long pid;

    JvmProbe(long pid) {
        this.pid = pid;
    }

    /** Bytes of heap in use right after a full collection. */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IOException("unexpected GC.heap_info output from pid " + pid + ": " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** A {@code /proc/PID/status} field in bytes, e.g. VmRSS or VmHWM. */
    long status(String field) throws IOException {
        Matcher m = STATUS_KB.matcher(Files.readString(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8));
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return Long.parseLong(m.group(2)) * 1024;
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
