package dev.winback.bounty;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The module's configuration, PID {@value #PID} ({@code etc/dev.winback.bounty.cfg}). */
@ObjectClassDefinition(name = "Winback bounties", description = "How bounties are dated and when held and clawed-back "
        + "bounties are looked at")
public @interface BountySettings {
    String PID = "dev.winback.bounty";

    @AttributeDefinition(name = "Time zone", description = "The zone in which a win-back's day, payroll periods "
            + "(yyyy-MM) and the periods of caps and accelerators are counted, e.g. Europe/Berlin")
    String zone() default "UTC";

    @AttributeDefinition(name = "Sweep interval (minutes)", description = "How often held bounties are checked for a "
            + "purchase the event log did not report one by one (imports), and bounties whose customer bought "
            + "nothing within the clawback window are taken back")
    long sweepMinutes() default 60;
}
