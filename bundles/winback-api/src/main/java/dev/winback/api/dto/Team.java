package dev.winback.api.dto;

import java.time.Instant;
import java.util.List;

/** A manager and the reps they lead: manager steps and escalations of the members' cases go to the manager. */
public class Team {
    /** Lower-case letters, digits and dashes. */
    public String name;
    /** A user of the realm with a Winback role. */
    public String manager;
    /** Users of the realm with a Winback role; a user belongs to one team at most. */
    public List<String> members;
    public Instant updatedAt;
    public long version;
}
