package dev.phiguard.proxy.auth;

/**
 * Fixed SCRAM-SHA-256 vectors shared by the tests.
 *
 * <p>The {@code PG_*} verifiers were computed by PostgreSQL 15.18 itself
 * ({@code SET password_encryption = 'scram-sha-256'; CREATE ROLE ... PASSWORD '...'} then
 * {@code SELECT rolpassword FROM pg_authid}); the {@code RFC_*} strings are the exchange of
 * RFC 7677, section 3.
 */
final class ScramVectors {

    static final String PG_ASCII_PASSWORD = "correct horse battery staple";
    static final String PG_ASCII_VERIFIER = "SCRAM-SHA-256$4096:em3MuLh0ezNrMIiqT+RE7g==$"
            + "sOO7kQb9suvXWEE/gHcnzUso95g5zazoHnWF+w46RO0=:0JNAWgynUxl3gYQhdBKkiBO1us4LIygdndto5L0JVLA=";

    /** "I", SOFT HYPHEN, "X", ROMAN NUMERAL NINE: SASLprep maps it to "IXIX". */
    static final String PG_SASLPREP_PASSWORD = "I\u00ADX\u2168";
    static final String PG_SASLPREP_NORMALIZED = "IXIX";
    static final String PG_SASLPREP_VERIFIER = "SCRAM-SHA-256$4096:suSz19MEBbhri3a+ZguCfA==$"
            + "I8x+kZC1+q1ZSsB/YSajviLDhYHFqWxXUxY3vRdA0gk=:Mf/fo+64Ak8ThN2kacJumfmyteKSW9x5JRiTmYudKQY=";

    static final String PG_PENCIL_VERIFIER = "SCRAM-SHA-256$4096:yBACaS+WBlVR+l8I36u9Hw==$"
            + "fylssDmeNdCSaUolKhUa8OZeai34awtFAiPNSAmWnyk=:6ayWN0E9/v2OkH0uP2ZRc/1SU/nGrS2DNVxMjNdhDWU=";

    /** {@code rolpassword} of role {@code md5_user} with password {@code secret}, md5 encryption. */
    static final String PG_MD5_USER = "md5_user";
    static final String PG_MD5_STORED = "md539c4422cad2e8aa743c2904bf0925538";

    static final String RFC_USER = "user";
    static final String RFC_PASSWORD = "pencil";
    static final String RFC_CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String RFC_SALT_BASE64 = "W22ZaJ0SNY7soEsUEjb6gQ==";
    static final String RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String RFC_SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String RFC_CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private ScramVectors() {}
}
