package dev.phiguard.proxy.port;

import java.util.Objects;

/**
 * The capabilities the proxy needs from the rest of phiguard, wired in one place (the CLI's server
 * assembly). Tests use {@link #passThrough} with their own credentials.
 */
public record ProxyPorts(
        CredentialPort credentials,
        UpstreamCredentials upstreamCredentials,
        StatementGate gate,
        RowPlanner rows,
        RecordingSink recordings,
        SessionListener listener) {

    public ProxyPorts {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(upstreamCredentials, "upstreamCredentials");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(recordings, "recordings");
        Objects.requireNonNull(listener, "listener");
    }

    /** Authenticates clients and logs in upstream, but enforces, rewrites and records nothing. */
    public static ProxyPorts passThrough(CredentialPort credentials, UpstreamCredentials upstream) {
        return new ProxyPorts(credentials, upstream, StatementGate.allowAll(), RowPlanner.passThrough(),
                RecordingSink.none(), SessionListener.NONE);
    }

    public ProxyPorts withGate(StatementGate gate) {
        return new ProxyPorts(credentials, upstreamCredentials, gate, rows, recordings, listener);
    }

    public ProxyPorts withRows(RowPlanner rows) {
        return new ProxyPorts(credentials, upstreamCredentials, gate, rows, recordings, listener);
    }

    public ProxyPorts withRecordings(RecordingSink recordings) {
        return new ProxyPorts(credentials, upstreamCredentials, gate, rows, recordings, listener);
    }

    public ProxyPorts withListener(SessionListener listener) {
        return new ProxyPorts(credentials, upstreamCredentials, gate, rows, recordings, listener);
    }
}
