package dev.winback.detect.runs;

import dev.winback.detect.model.RepeatBuying;
import java.util.AbstractCollection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The customer base as the fitter sees it, held as counts of equal (x, t<sub>x</sub>, T) triples: with histories in
 * days there are far fewer distinct triples than customers, so fitting a base of millions needs memory for
 * thousands. Read-only to the fitter, which sees one element per customer.
 */
final class RepeatBuyingTally extends AbstractCollection<RepeatBuying> {
    private final Map<RepeatBuying, Integer> counts = new HashMap<>();
    private int customers;
    private long repeatPurchases;

    void count(RepeatBuying customer) {
        counts.merge(customer, 1, Integer::sum);
        customers++;
        repeatPurchases += customer.frequency();
    }

    /** Repeat purchase days of all customers together; the model cannot be fitted without any. */
    long repeatPurchases() {
        return repeatPurchases;
    }

    @Override
    public int size() {
        return customers;
    }

    @Override
    public Iterator<RepeatBuying> iterator() {
        return counts.entrySet().stream()
                .flatMap(e -> Collections.nCopies(e.getValue(), e.getKey()).stream())
                .iterator();
    }
}
