package dev.phiguard.proxy.session;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live sessions of one proxy: by cancel key (the proxy's own BackendKeyData, never the server's) and by
 * lease, so that a revoked lease's sessions can be cut.
 */
public final class SessionRegistry {
    private final ConcurrentMap<Integer, ProxySession> byProcessId = new ConcurrentHashMap<>();
    private final SecureRandom random;

    SessionRegistry(SecureRandom random) {
        this.random = random;
    }

    /** Registers a session under a fresh, unguessable cancel key and returns that key. */
    CancelKey register(ProxySession session) {
        byte[] secret = new byte[4];
        while (true) {
            int processId = random.nextInt(Integer.MAX_VALUE - 1) + 1;
            random.nextBytes(secret);
            CancelKey key = new CancelKey(processId, toInt(secret));
            if (byProcessId.putIfAbsent(processId, session) == null) {
                return key;
            }
        }
    }

    void unregister(CancelKey key, ProxySession session) {
        byProcessId.remove(key.processId(), session);
    }

    /** The session a CancelRequest names, if its secret matches (compared in constant time). */
    Optional<ProxySession> forCancel(int processId, int secretKey) {
        ProxySession session = byProcessId.get(processId);
        if (session == null) {
            return Optional.empty();
        }
        boolean match = MessageDigest.isEqual(toBytes(session.cancelKey().secretKey()), toBytes(secretKey));
        return match ? Optional.of(session) : Optional.empty();
    }

    /** The live sessions of a lease. */
    public List<ProxySession> sessionsOfLease(String leaseId) {
        return byProcessId.values().stream().filter(s -> s.info().leaseId().equals(leaseId)).toList();
    }

    public List<ProxySession> all() {
        return List.copyOf(byProcessId.values());
    }

    public int size() {
        return byProcessId.size();
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static byte[] toBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** The process id and secret a client uses to cancel its running query. */
    record CancelKey(int processId, int secretKey) {
        @Override
        public String toString() {
            return "CancelKey[processId=" + processId + "]";
        }
    }
}
