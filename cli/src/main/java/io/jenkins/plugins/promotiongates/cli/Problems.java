package io.jenkins.plugins.promotiongates.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The cause of a failure in words ("no such file", "No space left on device"), not a Java class name and not the
 * path again: NIO's exceptions carry the path as their message, so "cannot read bundle x.json: x.json" said nothing.
 */
final class Problems {
    private Problems() {
    }

    static String cause(Throwable failure) {
        Throwable io = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && !(t.getCause() instanceof IOException)) {
                io = t;
                break;
            }
        }
        if (io instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            io = unchecked.getCause();
        }
        if (io instanceof NoSuchFileException) {
            return "no such file";
        }
        if (io instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (io instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (io instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (io instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (io instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = io.getMessage();
        return message == null || message.isBlank() ? io.getClass().getSimpleName() : message;
    }
}
