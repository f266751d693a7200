package dev.phiguard.cli;

import dev.phiguard.cli.server.PhiguardNode;
import java.io.PrintWriter;
import java.net.InetSocketAddress;

/** What {@code phiguard server} prints once it is ready: where everything listens and what to type next. */
final class ReadyBanner {

    private final PhiguardNode node;
    private final boolean embedded;
    private final long patients;

    ReadyBanner(PhiguardNode node, boolean embedded, long patients) {
        this.node = node;
        this.embedded = embedded;
        this.patients = patients;
    }

    void print(PrintWriter out) {
        InetSocketAddress proxy = node.proxyAddress();
        String url = node.apiUrl();
        boolean tlsRequired = node.settings().clientTls().required();
        out.println();
        out.println("phiguard is running (node " + node.settings().node() + ").");
        out.println("  broker API         " + url);
        out.println("  PostgreSQL proxy   " + proxy.getHostString() + ":" + proxy.getPort()
                + (tlsRequired ? " (TLS required)" : " (TLS offered)"));
        if (embedded) {
            out.println("  target             embedded PostgreSQL 17, database clinic, " + patients + " synthetic patients");
        }
        out.println("  data directory     " + node.settings().dataDir().toAbsolutePath());
        out.println();
        if (node.settings().passThrough()) {
            out.println("PASS-THROUGH MODE: no policy is enforced and nothing is masked.");
            out.println();
        }
        if (node.developmentIssuer().isPresent()) {
            String urlOption = url.equals("http://127.0.0.1:8420") ? "" : " --url " + url;
            out.println("Try it (in another terminal):");
            out.println("  export PHIGUARD_URL=" + url);
            out.println("  export PHIGUARD_TOKEN=$(phiguard token issue --subject ci-bot --group ci)");
            out.println("  eval \"$(phiguard lease --purpose study-42 --reason 'first try' --wait 15m --format env)\"");
            out.println("  # meanwhile, as a reviewer:");
            out.println("  PHIGUARD_TOKEN=$(phiguard token issue --subject alice --group reviewers) phiguard approve LEASE-ID");
            out.println("  psql -c \"SELECT mrn, ssn, last_name, date_of_birth, state FROM patients LIMIT 5\"");
            if (!urlOption.isEmpty()) {
                out.println("  (the broker is not on the default address: keep PHIGUARD_URL set)");
            }
            out.println();
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
