package dev.winback.detect.imports;

import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportStatus;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where uploaded files wait for their job: copied to disk as they arrive, so that an upload of any size costs a
 * buffer of memory, and the request returns before the import runs. Each job's file is named after the job, and
 * only files so named are ever deleted here. A FAILED job's file stays a while, so that the job can be retried.
 *
 * <p>While a gzip upload is copied it is also inflated, the data counted and thrown away, so that an upload holding
 * more data than allowed is refused before it is queued, and reading stops as soon as the count passes the limit.
 */
final class UploadSpool {
    private static final Logger LOG = LoggerFactory.getLogger(UploadSpool.class);
    private static final String SUFFIX = ".upload";
    /**
     * A file whose job is not in the store may be an upload being copied, whose job is stored only afterwards (on
     * this node or, with a shared work directory, another): it is removed once it is this old.
     */
    private static final Duration ORPHAN_AGE = Duration.ofHours(1);

    private final Path directory;

    UploadSpool(Path directory) {
        this.directory = directory;
    }

    /** The file of the job's upload, whether or not it is there. */
    Path fileOf(UUID jobId) {
        return directory.resolve(jobId + SUFFIX);
    }

    /**
     * Copies {@code body} to the job's file without closing it, counting its data (inflated, if it is gzip); a
     * partial file is removed if the copy fails or the data is over the limit.
     *
     * @return the file
     * @throws CountingInputStream.TooMuchData the body holds more than {@code maxDataBytes} of data; the copy
     *                                          stopped there
     */
    Path write(UUID jobId, InputStream body, long maxDataBytes) throws IOException {
        Files.createDirectories(directory);
        Path file = fileOf(jobId);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            copyCounting(body, out, maxDataBytes);
            return file;
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /**
     * Copies every byte of {@code body} to {@code out}, and fails once the data passes {@code maxDataBytes}: the
     * bytes themselves for plain input, the inflated bytes for gzip (concatenated members included). Damaged gzip
     * is copied as it is, for the job to report.
     */
    static void copyCounting(InputStream body, OutputStream out, long maxDataBytes) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(body, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        Tee raw = new Tee(buffered, out);
        byte[] buffer = new byte[1 << 16];
        if (!TransactionReader.isGzip(b1, b2)) {
            drain(new CountingInputStream(raw, maxDataBytes), buffer);
            return;
        }
        try {
            drain(new CountingInputStream(new GZIPInputStream(raw, 1 << 16), maxDataBytes), buffer);
        } catch (ZipException | EOFException damaged) {
            // Not for the upload to judge: the job reads the file and says where and how it is damaged.
            LOG.debug("A gzip upload is damaged ({}); copied as it is", damaged.getMessage());
        }
        // Whatever the inflater left (trailing bytes it ignores, or the rest of damaged data) goes to the file too.
        drain(raw, buffer);
    }

    private static void drain(InputStream in, byte[] buffer) throws IOException {
        while (in.read(buffer) >= 0) {
            // read on: the tee below writes what is read
        }
    }

    /**
     * Writes every byte read to the file. Claims more input is available until the end is reached, so that the
     * inflater looks for a further gzip member even when the network has not delivered it yet (it reads on and
     * finds the end otherwise, which is harmless).
     */
    private static final class Tee extends FilterInputStream {
        private final OutputStream out;
        private boolean ended;

        Tee(InputStream in, OutputStream out) {
            super(in);
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended = true;
            } else {
                out.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                ended = true;
            } else {
                out.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int r = read(skipped, 0, skipped.length);
            return Math.max(r, 0);
        }

        @Override
        public int available() throws IOException {
            return ended ? 0 : Math.max(1, super.available());
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // The caller owns the body.
        }
    }

    /** Removes a job's file; a file that cannot be removed is only logged (a later sweep removes it). */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the spooled upload {}: {}", file, e.getMessage());
        }
    }

    /** The job id of a file named as {@link #write} names a job's file; empty for other files. */
    private static Optional<UUID> jobOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(name.substring(0, name.length() - SUFFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes the files no job needs any more: those of finished jobs (a FAILED one's once it has been over for
     * {@code keepFailed}), and those without a job that are older than an hour. Files of QUEUED and RUNNING jobs
     * stay, whichever node runs them. Returns how many were removed.
     */
    int sweep(Function<UUID, Optional<ImportJob>> jobs, Duration keepFailed, Instant now) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                Optional<UUID> id = jobOf(file);
                if (id.isPresent() && unneeded(file, jobs.apply(id.get()), keepFailed, now)) {
                    delete(file);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot sweep the import work directory {}: {}", directory, e.getMessage());
        }
        return removed;
    }

    private static boolean unneeded(Path file, Optional<ImportJob> job, Duration keepFailed, Instant now)
            throws IOException {
        if (job.isEmpty()) {
            return Files.getLastModifiedTime(file).toInstant().plus(ORPHAN_AGE).isBefore(now);
        }
        ImportStatus status = job.get().status;
        if (status == ImportStatus.QUEUED || status == ImportStatus.RUNNING) {
            return false;
        }
        if (status == ImportStatus.FAILED) {
            Instant finished = job.get().finishedAt;
            return finished != null && !finished.plus(keepFailed).isAfter(now);
        }
        return true;
    }
}
