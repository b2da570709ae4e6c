package io.ledgerline.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code ledgerline --version}: the jar's implementation version. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Ledgerline.class.getPackage().getImplementationVersion();
        return new String[] {"ledgerline " + (version == null ? "(development build)" : version)};
    }
}
