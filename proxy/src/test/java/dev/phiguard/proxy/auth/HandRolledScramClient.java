package dev.phiguard.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SCRAM-SHA-256 client computed with plain JDK primitives, for the messages the ongres client
 * cannot produce (libpq's empty user name, a proof over a deliberately altered nonce). ASCII
 * passwords only (no SASLprep).
 */
final class HandRolledScramClient {

    private HandRolledScramClient() {}

    /**
     * @param password the password
     * @param clientFirstBare the client-first-message without its gs2 header
     * @param serverFirst the server-first-message as received
     * @param finalWithoutProof the client-final-message up to (excluding) ",p="
     * @return the complete client-final-message with a proof that is right for these inputs
     */
    static String clientFinal(String password, String clientFirstBare, String serverFirst, String finalWithoutProof)
            throws Exception {
        String[] attributes = serverFirst.split(",");
        byte[] salt = Base64.getDecoder().decode(attributes[1].substring(2));
        int iterations = Integer.parseInt(attributes[2].substring(2));
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String authMessage = clientFirstBare + "," + serverFirst + "," + finalWithoutProof;
        byte[] signature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        return finalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** @return the nonce ({@code r=} value) of a server-first-message */
    static String nonceOf(String serverFirst) {
        return serverFirst.split(",")[0].substring(2);
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }
}
