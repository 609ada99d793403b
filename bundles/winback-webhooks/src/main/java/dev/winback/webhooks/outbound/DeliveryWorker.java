package dev.winback.webhooks.outbound;

import dev.winback.webhooks.WebhookSettings;
import dev.winback.webhooks.outbound.JdbcWebhookStore.Claim;
import dev.winback.webhooks.outbound.JdbcWebhookStore.Outcome;
import dev.winback.webhooks.signing.WebhookSecret;
import dev.winback.webhooks.signing.WebhookSignature;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queued deliveries. A timer looks at the queue, claims what is due in the database (so with several
 * nodes each delivery is sent by one), and hands each endpoint's claims to one sender thread, which posts them in
 * order. Every attempt is signed anew (the timestamp is the attempt's), checked against the allow-list after DNS
 * resolution, never follows a redirect, and is written to the delivery log with its outcome; a failure is retried
 * on the {@link RetrySchedule} until the delivery's window closes, and then the endpoint is switched off with the
 * reason. A 410 Gone switches it off at once, as the specification recommends.
 */
@Component(service = DeliveryWorker.class, immediate = true, configurationPid = WebhookSettings.PID)
@Designate(ocd = WebhookSettings.class)
public class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int SNIPPET = 500;
    /** How long the start of an answer's body is waited for once its status is in. */
    private static final Duration BODY_WAIT = Duration.ofSeconds(1);
    static final String USER_AGENT = "Winback-Webhooks/1.0";

    private final JdbcWebhookStore store;
    private final TargetPolicy policy;
    private final RetrySchedule schedule;
    private final HttpClient http;
    private final Duration requestTimeout;
    /** Connecting, sending and the answer's first bytes, all told. */
    private final Duration attemptLimit;
    private final Duration claimTime;
    private final int claimBatch;
    private final Clock clock;
    final String node = "webhooks/" + UUID.randomUUID().toString().substring(0, 8);
    /** Endpoints a sender of this node is working on. */
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private ScheduledExecutorService timer;
    private ExecutorService senders;

    @Activate
    public DeliveryWorker(@Reference JdbcWebhookStore store, WebhookSettings settings) {
        this(store, new TargetPolicy(settings.allowedHosts(), settings.allowPublicHosts(), InetAddress::getAllByName),
                schedule(settings), Duration.ofSeconds(Math.max(1, settings.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, settings.requestTimeoutSeconds())),
                Math.max(1, settings.claimBatch()), Clock.systemUTC());
        int threads = Math.max(1, settings.senders());
        AtomicInteger count = new AtomicInteger();
        senders = Executors.newFixedThreadPool(threads, r -> daemon(r, "winback-webhook-sender-"
                + count.incrementAndGet()));
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "winback-webhook-queue"));
        long poll = Math.max(10, settings.pollMillis());
        timer.scheduleWithFixedDelay(this::pollQuietly, poll, poll, TimeUnit.MILLISECONDS);
    }

    DeliveryWorker(JdbcWebhookStore store, TargetPolicy policy, RetrySchedule schedule, Duration connectTimeout,
            Duration requestTimeout, int claimBatch, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.schedule = schedule;
        this.requestTimeout = requestTimeout;
        this.attemptLimit = connectTimeout.plus(requestTimeout);
        this.claimBatch = claimBatch;
        this.clock = clock;
        // A whole batch to one endpoint may be sent on one claim; a node that dies frees its claims after this.
        this.claimTime = connectTimeout.plus(requestTimeout).plusSeconds(5).multipliedBy(claimBatch);
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static RetrySchedule schedule(WebhookSettings s) {
        return new RetrySchedule(Duration.ofMillis(s.retryFirstPauseMillis()), s.retryFactor(),
                Duration.ofMillis(s.retryLongestPauseMillis()), Duration.ofSeconds(s.retryWindowSeconds()),
                s.retryJitter());
    }

    @Deactivate
    void stop() {
        for (ExecutorService e : new ExecutorService[] {timer, senders}) {
            if (e != null) {
                e.shutdownNow();
            }
        }
        try {
            if (senders != null) {
                senders.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Claims of deliveries not sent run out by themselves; the next node (or this one, back) sends them.
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            // The database may be briefly away; the next look picks up where this one stopped.
            LOG.warn("Looking at the webhook queue failed", e);
        }
    }

    /** One look at the queue: claims what is due and starts a sender per endpoint. */
    void poll() {
        List<Claim> claims = store.claim(node, clock.instant().plus(claimTime), claimBatch, Set.copyOf(busy));
        Map<UUID, List<Claim>> byEndpoint = new LinkedHashMap<>();
        claims.forEach(c -> byEndpoint.computeIfAbsent(c.endpointId(), k -> new ArrayList<>()).add(c));
        boolean full = claims.size() >= claimBatch;
        for (Map.Entry<UUID, List<Claim>> e : byEndpoint.entrySet()) {
            busy.add(e.getKey());
            try {
                senders.execute(() -> {
                    try {
                        e.getValue().forEach(this::sendQuietly);
                    } finally {
                        busy.remove(e.getKey());
                        if (full) {
                            lookAgainSoon();
                        }
                    }
                });
            } catch (RejectedExecutionException stopping) {
                busy.remove(e.getKey());
            }
        }
    }

    /**
     * Deliveries were just queued on this node: look now rather than at the next poll, which is what keeps a
     * webhook's delay near the event log's own. Wakes coalesce: a burst of events costs one extra look.
     */
    public void wake() {
        if (wakeRequested.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    wakeRequested.set(false);
                    pollQuietly();
                });
            } catch (RejectedExecutionException | NullPointerException stopping) {
                wakeRequested.set(false); // deactivated meanwhile, or a test's worker without a timer
            }
        }
    }

    /** More was due than one batch took: look again now rather than after the poll interval. */
    private void lookAgainSoon() {
        try {
            timer.execute(this::pollQuietly);
        } catch (RejectedExecutionException stopping) {
            // deactivated meanwhile
        }
    }

    private void sendQuietly(Claim claim) {
        if (Thread.currentThread().isInterrupted()) {
            return; // stopping: the claim runs out and the delivery is sent later
        }
        try {
            send(claim);
        } catch (RuntimeException e) {
            LOG.warn("Webhook delivery {} to endpoint {} could not be recorded; it is retried when its claim runs "
                    + "out", claim.deliveryId(), claim.endpointId(), e);
        }
    }

    /** One attempt at one delivery, recorded with what came of it. */
    void send(Claim claim) {
        Instant started = clock.instant();
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.attemptedAt = started;
        Duration retryAfter = null;
        boolean gone = false;
        URI target = URI.create(claim.url());
        String refusal = policy.refusal(target);
        if (refusal != null) {
            attempt.error = "Not sent: " + claim.url() + " " + refusal;
        } else {
            CompletableFuture<HttpResponse.ResponseInfo> answered = new CompletableFuture<>();
            ResponseSnippet snippet = new ResponseSnippet(SNIPPET);
            CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request(claim, target, started),
                    info -> {
                        answered.complete(info);
                        return snippet;
                    });
            exchange.whenComplete((r, failure) -> {
                if (failure != null) {
                    answered.completeExceptionally(failure);
                }
            });
            try {
                // Bounded as a whole: the request timeout alone covers the headers, not a body that never ends.
                HttpResponse.ResponseInfo response = answered.get(attemptLimit.toMillis(), TimeUnit.MILLISECONDS);
                attempt.statusCode = response.statusCode();
                try {
                    attempt.response = exchange.get(BODY_WAIT.toMillis(), TimeUnit.MILLISECONDS).body();
                } catch (TimeoutException | ExecutionException slowBody) {
                    exchange.cancel(true);
                    attempt.response = snippet.soFar();
                }
                int status = response.statusCode();
                if (status >= 300 && status < 400) {
                    attempt.error = "Answered " + status + (response.headers().firstValue("Location")
                            .map(l -> " (redirect to " + l + ")").orElse("")) + "; Winback does not follow redirects:"
                            + " change the endpoint's url instead";
                } else if (status == 410) {
                    gone = true;
                    attempt.error = "Answered 410 Gone: the receiver wants no more webhooks";
                } else if (status < 200 || status >= 300) {
                    attempt.error = "Answered " + status;
                    retryAfter = retryAfter(response.headers().firstValue("Retry-After"), started).orElse(null);
                }
            } catch (TimeoutException e) {
                exchange.cancel(true);
                attempt.error = "No answer within " + requestTimeout.toSeconds() + " s";
            } catch (ExecutionException e) {
                attempt.error = failure(e.getCause());
            } catch (InterruptedException e) {
                exchange.cancel(true);
                Thread.currentThread().interrupt();
                return; // stopping: not an attempt; the claim runs out and it is sent again
            }
        }
        Instant now = clock.instant();
        attempt.durationMs = Duration.between(started, now).toMillis();
        store.record(claim, attempt, outcome(claim, attempt, gone, retryAfter, now));
    }

    private Outcome outcome(Claim claim, DeliveryAttempt attempt, boolean gone, Duration retryAfter, Instant now) {
        if (attempt.error == null) {
            return Outcome.delivered();
        }
        int failures = claim.attempts() + 1;
        if (gone) {
            return Outcome.givenUp("Switched off by Winback on " + now + ": the receiver answered 410 Gone to "
                    + "delivery " + claim.deliveryId() + " (event " + claim.eventId() + ")");
        }
        Optional<Instant> next = schedule.next(failures, now, claim.retryUntil(), retryAfter,
                ThreadLocalRandom.current()::nextDouble);
        if (next.isPresent()) {
            return Outcome.retryAt(next.get());
        }
        return Outcome.givenUp("Switched off by Winback on " + now + ": delivery " + claim.deliveryId()
                + " (event " + claim.eventId() + ") failed " + failures + " times over its retry window of "
                + schedule.window().toSeconds() + " s; the last attempt: " + attempt.error + ". Fix the receiver, "
                + "then PATCH {\"active\": true}: waiting deliveries go out again, and this one with a redeliver");
    }

    private HttpRequest request(Claim claim, URI target, Instant now) {
        byte[] body = claim.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        return HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.HEADER_ID, claim.webhookId())
                .header(WebhookSignature.HEADER_TIMESTAMP, Long.toString(timestamp))
                .header(WebhookSignature.HEADER_SIGNATURE, WebhookSignature.sign(WebhookSecret.of(claim.secret()),
                        claim.webhookId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** What went wrong with an exchange that did not get an answer, for the delivery log. */
    private String failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpConnectTimeoutException) {
            return "No connection within the connect timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "No answer within " + requestTimeout.toSeconds() + " s";
        }
        if (cause instanceof ConnectException) {
            return "Connection refused";
        }
        return "Failed: " + (cause == null ? "unknown" : cause.getMessage() == null
                ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110). */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
