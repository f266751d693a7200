package dev.phiguard.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Everything the broker logs at DEBUG and above through a whole lifecycle holds no token and no password. */
class NoSecretsInLogsTest {

    @TempDir
    Path data;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previous;
    private ApiFixture fixture;

    @BeforeEach
    void start() throws Exception {
        Logger broker = (Logger) LoggerFactory.getLogger("dev.phiguard.broker");
        previous = broker.getLevel();
        broker.setLevel(Level.DEBUG);
        appender.start();
        broker.addAppender(appender);
        fixture = new ApiFixture(data);
    }

    @AfterEach
    void stop() {
        fixture.close();
        Logger broker = (Logger) LoggerFactory.getLogger("dev.phiguard.broker");
        broker.detachAppender(appender);
        broker.setLevel(previous);
        appender.stop();
    }

    @Test
    void noTokenAndNoPasswordIsLogged() {
        String ciBot = fixture.ciBot();
        String alice = fixture.alice();
        String id = fixture.requestLease(ciBot);
        fixture.post("/v1/leases/" + id + "/approve", alice, null);
        String password = fixture.post("/v1/leases/" + id + "/credential", ciBot, null).body().get("password")
                .asText();
        fixture.post("/v1/leases/" + id + "/credential", ciBot, null);
        String forged = alice.substring(0, alice.lastIndexOf('.') + 1) + "AAAA";
        fixture.post("/v1/leases/" + id + "/revoke", forged, null);
        fixture.service.service.admitSession(id, "s-1", "10.0.0.1:1");
        fixture.post("/v1/leases/" + id + "/revoke", alice, null);
        String verifier = fixture.service.service.verifier(id).orElseThrow();

        List<String> lines = lines();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(id)); // the logs do name the lease
        for (String secret : List.of(ciBot, alice, forged, password, verifier,
                alice.substring(alice.lastIndexOf('.') + 1))) {
            assertThat(lines).noneSatisfy(line -> assertThat(line).contains(secret));
        }
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        synchronized (appender.list) {
            for (ILoggingEvent event : appender.list) {
                String line = event.getLevel() + " " + event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                lines.add(line);
            }
        }
        return lines;
    }
}
