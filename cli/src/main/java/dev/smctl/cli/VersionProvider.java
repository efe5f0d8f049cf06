package dev.smctl.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = SmctlCommand.class.getPackage().getImplementationVersion();
        return new String[] {"smctl " + (version == null ? "development" : version) + " (Java " + Runtime.version() + ")"};
    }
}
