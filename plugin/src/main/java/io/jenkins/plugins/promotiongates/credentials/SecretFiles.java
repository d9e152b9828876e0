package io.jenkins.plugins.promotiongates.credentials;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Writes a secret file credential next to the workspace ({@code <workspace>@tmp/}) on the agent for the duration of
 * the block, readable by the owner only, and deletes it afterwards. Only the file name is kept in the program state.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    /** The temp directory Jenkins uses beside a workspace. */
    static Path tmpDir(File workspace) {
        return workspace.toPath().resolveSibling(workspace.getName() + "@tmp");
    }

    /** Writes the bytes to a fresh file and returns its absolute path. */
    static final class Write extends MasterToSlaveFileCallable<String> implements FilePath.FileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final byte[] content;
        private final String name;

        Write(byte[] content, String fileName) {
            this.content = content.clone();
            this.name = "promotion-" + UUID.randomUUID() + "-" + fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        }

        @Override
        public String invoke(File workspace, VirtualChannel channel) throws IOException {
            Path dir = Files.createDirectories(tmpDir(workspace));
            Path file = dir.resolve(name);
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Windows agents: the workspace ACL applies
            }
            return file.toAbsolutePath().toString();
        }
    }

    /** Deletes the file written by {@link Write}; only names under the workspace's temp directory are accepted. */
    static final class Delete extends MasterToSlaveFileCallable<Boolean> implements FilePath.FileCallable<Boolean> {
        private static final long serialVersionUID = 1L;
        private final String path;

        Delete(String path) {
            this.path = path;
        }

        @Override
        public Boolean invoke(File workspace, VirtualChannel channel) throws IOException {
            Path dir = tmpDir(workspace).toAbsolutePath().normalize();
            Path file = Path.of(path).toAbsolutePath().normalize();
            if (!file.startsWith(dir)) {
                throw new IOException("Refusing to delete " + file + ": not in " + dir);
            }
            return Files.deleteIfExists(file);
        }
    }

}
