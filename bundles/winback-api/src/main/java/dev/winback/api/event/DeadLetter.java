package dev.winback.api.event;

import java.time.Instant;

/** An event a subscriber kept failing on, set aside so delivery could go on. */
public class DeadLetter {
    public String subscriber;
    public WinbackEvent event;
    public int attempts;
    public String lastError;
    public Instant failedAt;
}
