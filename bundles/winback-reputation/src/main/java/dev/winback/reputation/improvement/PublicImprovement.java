package dev.winback.reputation.improvement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A published improvement as anyone may see it: the improvement.published event's payload and an entry of the public
 * page and feeds. Nothing here names a customer, a case, a why or a user.
 */
public class PublicImprovement {
    public UUID id;
    public String title;
    public String customersSaid;
    public String weDid;
    public String evidence;
    public LocalDate improvedOn;
    public Instant publishedAt;
    public List<String> lossReasons;
    /** The earlier published improvement this one corrects, or null. */
    public UUID corrects;

    static PublicImprovement of(Improvement i) {
        PublicImprovement p = new PublicImprovement();
        p.id = i.id;
        p.title = i.title;
        p.customersSaid = i.customersSaid;
        p.weDid = i.weDid;
        p.evidence = i.evidence;
        p.improvedOn = i.improvedOn;
        p.publishedAt = i.publishedAt;
        p.lossReasons = List.copyOf(i.lossReasons);
        p.corrects = i.corrects;
        return p;
    }
}
