package dev.winback.webhooks.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {
    /** A DNS of our own: names the tests choose, no network. */
    private final Map<String, String[]> dns = new HashMap<>(Map.of(
            "hooks.example.com", new String[] {"93.184.216.34"},
            "v6.example.com", new String[] {"2606:2800:220:1:248:1893:25c8:1946"},
            "intranet.example.com", new String[] {"10.1.2.3"},
            "mixed.example.com", new String[] {"93.184.216.34", "192.168.1.10"},
            "localhost", new String[] {"127.0.0.1", "::1"}));

    private TargetPolicy policy(String... allowed) {
        return policy(true, allowed);
    }

    private TargetPolicy policy(boolean allowPublic, String... allowed) {
        return new TargetPolicy(allowed, allowPublic, host -> {
            String[] addresses = dns.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);
            }
            return resolved;
        });
    }

    private static String refusal(TargetPolicy p, String url) {
        return p.refusal(URI.create(url));
    }

    @Test
    void publicTargetsPassWithoutBeingListed() {
        TargetPolicy p = policy();
        assertNull(refusal(p, "https://hooks.example.com/winback"));
        assertNull(refusal(p, "https://v6.example.com:8443/winback"));
        assertNull(refusal(p, "http://93.184.216.34/winback"));
    }

    @Test
    void nonPublicAddressesAreRefusedSayingWhatTheyAreAndHowToListThem() {
        TargetPolicy p = policy();
        String loopback = refusal(p, "http://127.0.0.1:8080/hook");
        assertTrue(loopback.contains("is 127.0.0.1, a loopback address"), loopback);
        assertTrue(loopback.contains("allowedHosts = 127.0.0.1:8080"), loopback);
        assertTrue(refusal(p, "http://localhost/hook").contains("resolves to 127.0.0.1, a loopback address"));
        assertTrue(refusal(p, "http://[::1]:9000/").contains("loopback"));
        assertTrue(refusal(p, "http://10.0.0.5/").contains("a private address"));
        assertTrue(refusal(p, "http://172.16.3.4/").contains("private"));
        assertTrue(refusal(p, "http://192.168.0.1/").contains("private"));
        assertTrue(refusal(p, "http://169.254.169.254/latest/meta-data").contains("link-local"));
        assertTrue(refusal(p, "http://[fe80::1]/").contains("link-local"));
        assertTrue(refusal(p, "http://[fd12:3456::1]/").contains("private"));
        assertTrue(refusal(p, "http://0.0.0.0/").contains("wildcard"));
        assertTrue(refusal(p, "http://100.64.1.1/").contains("special-purpose (100.64.0.0/10)"));
        assertTrue(refusal(p, "http://[::ffff:127.0.0.1]/").contains("loopback"), "IPv4-mapped IPv6");
        assertTrue(refusal(p, "http://[64:ff9b::a00:1]/").contains("special-purpose"), "NAT64 of 10.0.0.1");
        assertTrue(refusal(p, "http://224.0.0.1/").contains("multicast"));
        assertTrue(refusal(p, "https://intranet.example.com/").contains("resolves to 10.1.2.3"));
        assertTrue(refusal(p, "https://nowhere.example.com/").contains("does not resolve"));
    }

    @Test
    void everyAddressANameResolvesToMustPass() {
        String why = refusal(policy(), "https://mixed.example.com/hook");
        assertNotNull(why);
        assertTrue(why.contains("192.168.1.10"), why);
    }

    @Test
    void hostNamesAreAllowedOnAnyPortHostPortOnThatPortOnly() {
        TargetPolicy p = policy("localhost", "intranet.example.com:8443");
        assertNull(refusal(p, "http://localhost:1234/"));
        assertNull(refusal(p, "http://LOCALHOST./"));
        assertNull(refusal(p, "https://intranet.example.com:8443/hook"));
        assertNotNull(refusal(p, "https://intranet.example.com/hook"), "443 is not 8443");
        assertNotNull(refusal(p, "http://127.0.0.1/"), "the name is listed, not its address");
    }

    @Test
    void addressesWithAPortAndIpv6InBrackets() {
        TargetPolicy p = policy("127.0.0.1:18080", "[::1]:9000");
        assertNull(refusal(p, "http://127.0.0.1:18080/hook"));
        assertNotNull(refusal(p, "http://127.0.0.1:18081/hook"));
        assertNull(refusal(p, "http://[::1]:9000/"));
        assertNull(refusal(p, "http://[0:0:0:0:0:0:0:1]:9000/"), "any spelling of the same address");
        assertNotNull(refusal(p, "http://[::1]:9001/"));
    }

    @Test
    void cidrRangesOfBothFamiliesAllowEveryPortOfTheirAddresses() {
        TargetPolicy p = policy("10.1.0.0/16, 192.168.7.9", "fd00::/8 ::1");
        assertNull(refusal(p, "https://intranet.example.com/"), "10.1.2.3 is in 10.1.0.0/16");
        assertNull(refusal(p, "http://10.1.255.255:8080/"));
        assertNotNull(refusal(p, "http://10.2.0.1/"));
        assertNull(refusal(p, "http://192.168.7.9:1/"));
        assertNotNull(refusal(p, "http://192.168.7.10/"));
        assertNull(refusal(p, "http://[fd12:3456::1]:8000/"));
        assertNotNull(refusal(p, "http://[fe80::1]/"));
        assertNull(refusal(p, "http://[::1]/"));
        assertTrue(refusal(p, "http://localhost/").contains("127.0.0.1"), "::1 is listed, 127.0.0.1 is not");
    }

    @Test
    void withoutPublicHostsOnlyListedTargetsPass() {
        TargetPolicy p = policy(false, "hooks.example.com");
        assertNull(refusal(p, "https://hooks.example.com/"));
        assertTrue(refusal(p, "https://v6.example.com/").contains("allowPublicHosts = false"));
    }

    @Test
    void unreadableEntriesAreIgnoredAndAllowNothing() {
        TargetPolicy p = policy("10.0.0.0/33", "bad_host!", "example.com:99999", "[::1]:x", "192.168.1.1/24");
        assertEquals(4, p.ignored().size(), p.ignored().toString());
        assertTrue(p.ignored().get(0).contains("prefix length"));
        assertNotNull(refusal(p, "http://10.0.0.1/"));
        assertNull(refusal(p, "http://192.168.1.77/"), "a range given by a host address is masked to its network");
    }

    @Test
    void rangesMaskAndCompareByFamily() {
        AddressRange r = AddressRange.parse("2001:db8:abcd::/48");
        assertTrue(r.contains(address("2001:db8:abcd:ffff::1")));
        assertTrue(!r.contains(address("2001:db8:abce::1")));
        assertTrue(!AddressRange.parse("0.0.0.0/0").contains(address("::1")), "v4 ranges hold no v6 address");
        assertTrue(AddressRange.parse("::/0").contains(address("2606:2800::1")));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
