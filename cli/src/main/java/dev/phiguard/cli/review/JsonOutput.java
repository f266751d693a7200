package dev.phiguard.cli.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.phiguard.cli.client.BrokerClient;
import java.io.PrintWriter;

/** Prints an answer of the broker as indented JSON, for {@code --format json}. */
public final class JsonOutput {
    /** The output formats of the listing commands. */
    public enum Format { table, json }

    private JsonOutput() {}

    public static void print(PrintWriter out, Object value) {
        try {
            out.println(BrokerClient.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON");
        }
    }
}
