package dev.phiguard.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects texts that must never contain a secret (log lines, exception messages) and checks them. */
final class SecretScan {

    private final List<String> texts = new ArrayList<>();

    /** Adds an exception's message and those of its causes and suppressed exceptions, and its toString. */
    SecretScan add(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t));
            texts.add(String.valueOf(t.getMessage()));
            for (Throwable suppressed : t.getSuppressed()) {
                add(suppressed);
            }
        }
        return this;
    }

    SecretScan add(String text) {
        texts.add(text);
        return this;
    }

    SecretScan addAll(Collection<String> more) {
        texts.addAll(more);
        return this;
    }

    /** Asserts that no collected text contains any of the secrets. */
    void assertNoneContains(Collection<String> secrets) {
        assertThat(secrets).isNotEmpty();
        for (String secret : secrets) {
            assertThat(secret).hasSizeGreaterThan(7);
            for (String text : texts) {
                assertThat(text).as("a log line or message").doesNotContain(secret);
            }
        }
    }

    int size() {
        return texts.size();
    }
}
