package dev.phiguard.broker.secrets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged through SLF4J during one test, from every logger (the embedded PostgreSQL's server
 * output included), with this package at DEBUG.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final String debugged;

    /** Captures with the broker's secret sources at DEBUG. */
    public LogCapture() {
        this("dev.phiguard.broker.secrets");
    }

    /** Captures with the loggers below {@code debugged} at DEBUG. */
    public LogCapture(String debugged) {
        this.debugged = debugged;
    }

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previous;

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger ours = (Logger) LoggerFactory.getLogger(debugged);
        previous = ours.getLevel();
        ours.setLevel(Level.DEBUG);
        appender.list.clear();
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        ((Logger) LoggerFactory.getLogger(debugged)).setLevel(previous);
        appender.stop();
    }

    /** Each captured event as text: level, logger, message, and the stack trace if one was logged. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        synchronized (appender.list) {
            for (ILoggingEvent event : appender.list) {
                String line = event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                lines.add(line);
            }
        }
        return lines;
    }

    /** The captured lines at WARN or above. */
    public List<String> warnings() {
        return lines().stream().filter(line -> line.startsWith("WARN") || line.startsWith("ERROR")).toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
