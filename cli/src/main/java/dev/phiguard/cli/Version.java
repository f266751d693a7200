package dev.phiguard.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest (falls back to "development"). */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"phiguard " + (version == null ? "development build" : version),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
