/**
 * The bounty rule SPI: what a bundle needs to add a way of rewarding reps for resurrected customers. A
 * {@link dev.winback.api.bounty.BountyRule} is an OSGi service; a bounty plan names the rules it uses, in order, with
 * their parameters. Each rule reads the frozen {@link dev.winback.api.bounty.WinBackFacts} of a won-back case and
 * adds to or reshapes the lines of a {@link dev.winback.api.bounty.BountyCalculation}; the bounty module keeps the
 * facts with every ledger entry, so anyone can run the calculation again and get the same amounts.
 *
 * <p>The facts hold what can be verified (revenue, purchases, the model's score, who contacted and who closed), never
 * a survey or review score: bounties pay for customers who came back, not for what anyone wrote about it.
 */
@Export
@Version("1.0.0")
package dev.winback.api.bounty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
