package dev.phiguard.cli.client;

/**
 * The one-time credential of a lease ({@code POST /v1/leases/{id}/credential}): where the proxy listens and how to
 * log in. {@link #toString()} never shows the password.
 */
public record DatabaseCredential(String user, String password, String host, int port, String database,
        String sslmode) {

    @Override
    public String toString() {
        return "DatabaseCredential[user=" + user + ", password=***, host=" + host + ", port=" + port
                + ", database=" + database + ", sslmode=" + sslmode + "]";
    }
}
