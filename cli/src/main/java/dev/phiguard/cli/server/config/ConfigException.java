package dev.phiguard.cli.server.config;

/** The configuration file cannot be used; the message names the file, the place and what is wrong. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
