package dev.phiguard.proxy.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SessionListener#all}: every listener hears every event, in order, even after one of them fails. */
class SessionListenerTest {
    private static final SessionInfo SESSION = new SessionInfo("s-1", new SessionGrant("lease-1", "p", "t"),
            new InetSocketAddress("127.0.0.1", 1), false, "", Instant.EPOCH);
    private static final StatementOutcome OUTCOME = new StatementOutcome("SELECT ?", StatementOutcome.Verdict.ALLOWED,
            Optional.empty(), Optional.empty(), 1, ResultDetails.NONE);

    private static SessionListener recording(String name, List<String> heard, boolean fail) {
        return new SessionListener() {
            @Override
            public void opened(SessionInfo session) {
                heard.add(name + ":opened");
                if (fail) {
                    throw new IllegalStateException(name);
                }
            }

            @Override
            public void statementCompleted(SessionInfo session, StatementOutcome outcome) {
                heard.add(name + ":" + outcome.statement());
            }

            @Override
            public void closed(SessionInfo session, SessionSummary summary) {
                heard.add(name + ":closed");
            }
        };
    }

    @Test
    void tellsEveryListenerInOrder() {
        List<String> heard = new ArrayList<>();
        SessionListener all = SessionListener.all(List.of(recording("a", heard, false), recording("b", heard, false)));
        all.opened(SESSION);
        all.statementCompleted(SESSION, OUTCOME);
        all.closed(SESSION, new SessionListener.SessionSummary(0, 0, Duration.ZERO, "done"));
        assertThat(heard).containsExactly("a:opened", "b:opened", "a:SELECT ?", "b:SELECT ?", "a:closed", "b:closed");
    }

    @Test
    void aFailingListenerDoesNotSilenceTheOthers() {
        List<String> heard = new ArrayList<>();
        SessionListener all = SessionListener.all(List.of(recording("a", heard, true), recording("b", heard, false)));
        assertThatThrownBy(() -> all.opened(SESSION)).isInstanceOf(IllegalStateException.class).hasMessage("a");
        assertThat(heard).containsExactly("a:opened", "b:opened");
    }
}
