package dev.winback.detect.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where uploaded files wait for their job: copied to disk as they arrive, so that an upload of any size costs a
 * buffer of memory, and the request returns before the import runs. Each job's file is named after the job, and
 * only files so named are ever deleted here.
 */
final class UploadSpool {
    private static final Logger LOG = LoggerFactory.getLogger(UploadSpool.class);
    private static final String SUFFIX = ".upload";

    private final Path directory;

    UploadSpool(Path directory) {
        this.directory = directory;
    }

    /**
     * Copies {@code body} to the job's file without closing it; a partial file is removed if the copy fails.
     *
     * @return the file
     */
    Path write(UUID jobId, InputStream body) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(jobId + SUFFIX);
        try {
            Files.copy(body, file);
            return file;
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** Removes a job's file; a file that cannot be removed is only logged (the next start clears it). */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the spooled upload {}: {}", file, e.getMessage());
        }
    }

    /** Whether the file is named as {@link #write} names a job's file; the directory may hold others. */
    private static boolean isJobFile(Path file) {
        String name = file.getFileName().toString();
        try {
            UUID.fromString(name.substring(0, name.length() - SUFFIX.length()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Removes the files of jobs that can no longer run (left by a crash or restart, whose jobs are failed on
     * start); returns how many.
     */
    int clearLeftovers() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                if (isJobFile(file)) {
                    delete(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the import work directory {}: {}", directory, e.getMessage());
        }
        return removed;
    }
}
