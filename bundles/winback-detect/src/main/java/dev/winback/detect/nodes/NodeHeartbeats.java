package dev.winback.detect.nodes;

import static dev.winback.api.store.ModuleDatabase.first;
import static dev.winback.api.store.ModuleDatabase.instant;
import static dev.winback.api.store.ModuleDatabase.list;
import static dev.winback.api.store.ModuleDatabase.update;

import dev.winback.api.store.ModuleDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The nodes' heartbeats in {@code node_heartbeats} (detect schema version 3). Every time here is the database's
 * ({@code CURRENT_TIMESTAMP}), both the beats and the "now" they are compared with, so that nodes whose clocks
 * disagree still judge each other alike.
 */
final class NodeHeartbeats {
    private static final String NOW = "SELECT CURRENT_TIMESTAMP AS now";

    /** A node that has been silent, with its last beat. */
    record Silent(String node, Instant lastBeat) {
    }

    /** Who gave this node up, and when, as its first beat after coming back found it. */
    record GivenUp(String by, Instant at) {
    }

    private final ModuleDatabase db;

    NodeHeartbeats(ModuleDatabase db) {
        this.db = db;
    }

    /** Records that {@code node} has (re)started: a fresh beat, and whatever gave it up forgotten. */
    void started(String node) {
        db.transaction("recording a node's start", c -> {
            if (update(c, "UPDATE node_heartbeats SET started_at = CURRENT_TIMESTAMP, beat_at = CURRENT_TIMESTAMP,"
                    + " given_up_at = NULL, given_up_by = NULL WHERE node = ?", node) == 0) {
                insert(c, node);
            }
            return null;
        });
    }

    /**
     * Writes {@code node}'s beat. If another node gave it up while it was silent (its unfinished jobs were failed
     * then), says who and when, and clears that: it answers again from now on.
     */
    Optional<GivenUp> beat(String node) {
        return db.transaction("writing a node's heartbeat", c -> {
            if (update(c, "UPDATE node_heartbeats SET beat_at = CURRENT_TIMESTAMP WHERE node = ?"
                    + " AND given_up_at IS NULL", node) == 1) {
                return Optional.<GivenUp>empty();
            }
            Optional<GivenUp> givenUp = first(c, "SELECT given_up_by, given_up_at FROM node_heartbeats"
                    + " WHERE node = ?", rs -> new GivenUp(rs.getString("given_up_by"), instant(rs, "given_up_at")),
                    node);
            if (givenUp.isEmpty()) {
                // The row went (an admin tidying up): the node is simply there again.
                insert(c, node);
                return Optional.<GivenUp>empty();
            }
            update(c, "UPDATE node_heartbeats SET beat_at = CURRENT_TIMESTAMP, given_up_at = NULL, given_up_by = NULL"
                    + " WHERE node = ?", node);
            return givenUp;
        });
    }

    /** The nodes other than {@code self} whose last beat is older than {@code timeout}, by the database's clock. */
    List<Silent> silent(String self, Duration timeout) {
        return db.transaction("finding silent nodes", c -> {
            Instant cutoff = now(c).minus(timeout);
            return list(c, "SELECT node, beat_at FROM node_heartbeats WHERE beat_at < ? AND node <> ?"
                    + " ORDER BY node", rs -> new Silent(rs.getString("node"), instant(rs, "beat_at")), cutoff, self);
        });
    }

    /**
     * Marks {@code node} given up by {@code by}, unless it beat since {@code lastBeat} or someone gave it up
     * already: true for the one node that gives it up, once per silence.
     */
    boolean giveUp(String node, Instant lastBeat, String by) {
        return db.transaction("giving up a node", c -> update(c, "UPDATE node_heartbeats SET given_up_at ="
                + " CURRENT_TIMESTAMP, given_up_by = ? WHERE node = ? AND beat_at <= ? AND given_up_at IS NULL", by,
                node, lastBeat) == 1);
    }

    private static void insert(Connection c, String node) throws SQLException {
        update(c, "INSERT INTO node_heartbeats (node, started_at, beat_at) VALUES (?, CURRENT_TIMESTAMP,"
                + " CURRENT_TIMESTAMP)", node);
    }

    private static Instant now(Connection c) throws SQLException {
        return first(c, NOW, rs -> instant(rs, "now")).orElseThrow();
    }
}
