package dev.phiguard.cli.demo;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.server.EmbeddedDefaults;
import dev.phiguard.cli.server.NodeStartException;
import dev.phiguard.cli.server.PhiguardNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard demo}: the whole story, unattended, against its own embedded server. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole phiguard story unattended against its own embedded server, and exits 0 when every",
            "step behaved as it should: a CI job asks for a lease, a reviewer approves it, the job's queries",
            "through the proxy see masked SSNs and MRNs, a forbidden query is blocked, the lease is revoked and",
            "the next connection refused, the session is replayed from its signed recording and the audit",
            "chain is verified.",
            "",
            "It needs nothing installed: an embedded PostgreSQL with synthetic patients is started and removed."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  phiguard demo",
            "  phiguard demo --keep --data-dir /tmp/phiguard-demo   # keep the recordings and the audit log"
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the demo server keeps its state (default: a new temporary folder).")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the data directory afterwards (default: remove it).")
    boolean keep;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "500",
            description = "Synthetic patients in the embedded target (default: ${DEFAULT-VALUE}).")
    long patients;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (patients < 10) {
            throw new IllegalArgumentException("--patients must be at least 10");
        }
        Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("phiguard-demo-");
        Narrator narrator = new Narrator(out);
        narrator.title("phiguard demo: a CI job reads PHI through a purpose-scoped, approved, audited lease");
        narrator.note("starting an embedded PostgreSQL with " + patients + " synthetic patients and a phiguard"
                + " server on embedded defaults (state in " + dir + ")...");
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        try (EmbeddedDefaults embedded = EmbeddedDefaults.start(patients);
             PhiguardNode node = PhiguardNode.start(embedded.settings(dir, any, any, false, Optional.empty(), false),
                     Clock.systemUTC())) {
            boolean ok = new DemoStory(node, embedded.database(), narrator).run();
            narrator.blank();
            if (ok) {
                narrator.note("Every step behaved as it should." + (keep ? " State kept in " + dir + "." : ""));
                return ExitCodes.OK;
            }
            narrator.note("A step did not behave as it should (see above).");
            return ExitCodes.FAILED;
        } catch (NodeStartException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, e.getMessage(), e);
        } finally {
            out.flush();
            if (!keep) {
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover temporary folder is harmless; nothing secret is kept in clear outside 0600 files
        }
    }
}
