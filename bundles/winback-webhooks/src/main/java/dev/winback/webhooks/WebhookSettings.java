package dev.winback.webhooks;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The module's configuration, PID {@value #PID} ({@code etc/dev.winback.webhooks.cfg}). */
@ObjectClassDefinition(name = "Winback webhooks", description = "Where outbound webhooks may go and how they are "
        + "retried")
public @interface WebhookSettings {
    String PID = "dev.winback.webhooks";

    @AttributeDefinition(name = "Allowed hosts", description = "Targets that may be non-public addresses "
            + "(loopback, private, link-local, ...): host names (any port), host:port, [v6address]:port, or CIDR "
            + "ranges such as 10.1.0.0/16 or fd00::/8; several separated by commas")
    String[] allowedHosts() default {};

    @AttributeDefinition(name = "Allow public hosts", description = "Whether any public address may be a target; "
            + "false allows only what allowedHosts lists")
    boolean allowPublicHosts() default true;

    @AttributeDefinition(name = "Connect timeout (seconds)")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Request timeout (seconds)", description = "How long a receiver may take to "
            + "answer; the specification recommends 15 to 30")
    int requestTimeoutSeconds() default 30;

    @AttributeDefinition(name = "First retry pause (ms)")
    long retryFirstPauseMillis() default 5_000;

    @AttributeDefinition(name = "Retry factor", description = "Each pause is this many times the one before")
    double retryFactor() default 4;

    @AttributeDefinition(name = "Longest retry pause (ms)")
    long retryLongestPauseMillis() default 36_000_000;

    @AttributeDefinition(name = "Retry window (seconds)", description = "How long a delivery is retried before "
            + "Winback gives up and switches the endpoint off")
    long retryWindowSeconds() default 86_400;

    @AttributeDefinition(name = "Retry jitter", description = "Share by which each pause is randomly lengthened "
            + "or shortened, 0 to below 1")
    double retryJitter() default 0.2;

    @AttributeDefinition(name = "Poll interval (ms)", description = "Pause between two looks at the delivery queue")
    long pollMillis() default 1_000;

    @AttributeDefinition(name = "Senders", description = "Endpoints sent to at the same time (one thread each)")
    int senders() default 4;

    @AttributeDefinition(name = "Claim batch", description = "Deliveries taken from the queue in one look")
    int claimBatch() default 20;
}
