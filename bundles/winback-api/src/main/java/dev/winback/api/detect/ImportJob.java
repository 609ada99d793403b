package dev.winback.api.detect;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One import of purchase transactions, with its progress while it runs and its counts once it is done. */
public class ImportJob {
    public UUID id;
    public ImportStatus status;
    public String fileName;
    public ImportFormat format;
    /** The options the job reads with, as given (defaults not filled in). */
    public ImportRequest request;
    public String submittedBy;
    public Instant submittedAt;
    /**
     * The Winback node (Karaf instance) that runs the job, or ran it last: the {@code winback.node.id} system
     * property, or the id the node keeps in {@code data/winback/node-id}. Null for jobs from before nodes were
     * recorded. A node that restarts fails only its own unfinished jobs.
     */
    public String node;
    /** How often the job was started: 1, and one more for every retry. */
    public int attempts;
    /**
     * The file on the server's own disk that a shell import ({@code winback:import}) reads in place, or null for an
     * upload (kept in the node's work directory under the job's id).
     */
    public String serverFile;
    public Instant startedAt;
    public Instant finishedAt;
    /** Size of the input in bytes as stored (compressed size for gzip input). */
    public long bytesTotal;
    /** Bytes of the input read so far; with {@link #bytesTotal} the progress. */
    public long bytesRead;
    /** Data rows read so far, good and bad (the header and blank lines do not count). */
    public long rowsRead;
    /** Rows read as purchases. */
    public long purchasesRead;
    /** Purchases stored by this job; set when it completes. */
    public long purchasesAdded;
    /** Purchases read that were already stored (an earlier import of the same data); set when it completes. */
    public long duplicates;
    /** Customers this job created because their id was not known in their source; set when it completes. */
    public long customersCreated;
    /** Bad rows. */
    public long errorCount;
    /** The first bad rows, in file order (at most as many as the admin keeps). */
    public List<ImportRowError> errors;
    /**
     * Why the job was aborted or failed, or null. A FAILED job (Winback stopped, the database failed) may be
     * retried; an ABORTED one was refused for its content (bad rows over the budget, unreadable or over-long input).
     */
    public String failure;
}
