package dev.phiguard.sampledata;

/**
 * How PostgreSQL authenticates TCP connections of the application role {@code phiguard_app} (one
 * {@code pg_hba.conf} method each). The fixture's superuser always uses SCRAM-SHA-256.
 */
public enum AuthMethod {
    /** {@code scram-sha-256}; the password is stored as a SCRAM verifier. */
    SCRAM_SHA_256("scram-sha-256", "scram-sha-256"),
    /** {@code md5}; the password is stored as an MD5 hash so that the server really runs the MD5 exchange. */
    MD5("md5", "md5"),
    /** {@code password}: the client sends the password in clear text; stored as a SCRAM verifier. */
    PASSWORD("password", "scram-sha-256"),
    /** {@code trust}: any or no password is accepted; the stored SCRAM verifier is kept for switching back. */
    TRUST("trust", "scram-sha-256");

    private final String hbaMethod;
    private final String passwordEncryption;

    AuthMethod(String hbaMethod, String passwordEncryption) {
        this.hbaMethod = hbaMethod;
        this.passwordEncryption = passwordEncryption;
    }

    /** The method keyword in {@code pg_hba.conf}. */
    public String hbaMethod() {
        return hbaMethod;
    }

    /** The {@code password_encryption} the role's password is stored with under this method. */
    public String passwordEncryption() {
        return passwordEncryption;
    }
}
