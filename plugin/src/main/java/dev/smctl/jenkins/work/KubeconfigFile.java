package dev.smctl.jenkins.work;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A kubeconfig from the credentials store, written to a file readable by its owner only for the client to read,
 * and deleted when the step ends: the cluster client reads kubeconfigs from files, as kubectl does.
 */
final class KubeconfigFile implements AutoCloseable {
    private final Path file;

    KubeconfigFile(Sensitive kubeconfig) {
        try {
            file = Files.createTempFile("smctl-kubeconfig-", ".yaml", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, kubeconfig.value(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig to a temporary file: " + e.getMessage(), e);
        }
    }

    Path path() {
        return file;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary kubeconfig " + file + ": delete it by hand", e);
        }
    }
}
