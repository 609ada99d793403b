package dev.winback.webhooks.outbound;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first bytes of a receiver's answer for the delivery log and stops reading there: the attempt is over
 * once the status is known, and a receiver that trickles (or never ends) its body must not hold a sender thread.
 * The sender waits a moment for these bytes, then takes what has come ({@link #soFar()}).
 */
final class ResponseSnippet implements HttpResponse.BodySubscriber<String> {
    private final int limit;
    private final byte[] kept;
    private int size;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    ResponseSnippet(int limit) {
        this.limit = limit;
        this.kept = new byte[limit];
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int n = Math.min(b.remaining(), limit - size);
            b.get(kept, size, n);
            size += n;
        }
        if (size >= limit) {
            subscription.cancel();
            finish();
        }
    }

    @Override
    public void onError(Throwable failure) {
        // What arrived before the failure still says something about the answer.
        finish();
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void finish() {
        result.complete(soFar());
    }

    /** What has arrived so far, for an answer whose body is still coming when the sender stops waiting. */
    synchronized String soFar() {
        return size == 0 ? null : new String(kept, 0, size, StandardCharsets.UTF_8);
    }
}
