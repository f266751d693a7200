package dev.phiguard.proxy.session;

import dev.phiguard.proxy.wire.ProtocolViolationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The client's startup parameters, checked: which are forwarded to the server, which are refused. Only
 * parameters that cannot change what a statement reads are forwarded (an unknown parameter would be set as
 * a server setting, bypassing the statement gate), so anything else is refused with a clear error rather
 * than dropped silently.
 *
 * @param user      the user name (names the lease)
 * @param database  the database the client asked for, or empty
 * @param forwarded the parameters to send to the server, in the client's order
 * @param protocolOptions the {@code _pq_.} protocol extensions the client asked for (not supported)
 */
record StartupParameters(String user, String database, Map<String, String> forwarded, List<String> protocolOptions) {

    /** Settings that only shape how values are formatted for the client. */
    static final Set<String> FORWARDED = Set.of(
            "application_name", "client_encoding", "datestyle", "timezone", "intervalstyle", "extra_float_digits");

    /** Thrown for a parameter the proxy refuses; the message is safe to send to the client. */
    static final class Refused extends Exception {
        private final String sqlState;

        Refused(String sqlState, String message) {
            super(message, null, false, false);
            this.sqlState = sqlState;
        }

        String sqlState() {
            return sqlState;
        }
    }

    static StartupParameters from(Map<String, String> parameters) throws Refused {
        String user = null;
        String database = "";
        Map<String, String> forwarded = new LinkedHashMap<>();
        List<String> protocolOptions = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String name = e.getKey();
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("user")) {
                user = e.getValue();
            } else if (key.equals("database")) {
                database = e.getValue();
            } else if (key.startsWith("_pq_.")) {
                protocolOptions.add(name);
            } else if (key.equals("replication")) {
                if (!isFalse(e.getValue())) {
                    throw new Refused("28000", "replication connections are not available through phiguard");
                }
            } else if (FORWARDED.contains(key)) {
                forwarded.put(name, e.getValue());
            } else {
                throw new Refused("0A000", "startup parameter \"" + name + "\" is not accepted by phiguard;"
                        + " accepted: user, database, " + String.join(", ", FORWARDED.stream().sorted().toList())
                        + " (use SET after connecting for other settings)");
            }
        }
        if (user == null || user.isEmpty()) {
            throw new Refused("28000", "no PostgreSQL user name specified in startup packet");
        }
        return new StartupParameters(user, database, forwarded, List.copyOf(protocolOptions));
    }

    String applicationName() {
        return forwarded.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("application_name"))
                .map(Map.Entry::getValue)
                .findFirst().orElse("");
    }

    private static boolean isFalse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "false", "0", "off", "no" -> true;
            default -> false;
        };
    }

    static void requireProtocol3(int protocolVersion) {
        if (protocolVersion >>> 16 != 3) {
            throw new ProtocolViolationException("unsupported frontend protocol " + (protocolVersion >>> 16) + "."
                    + (protocolVersion & 0xffff) + ": phiguard supports protocol 3.0");
        }
    }
}
