package dev.winback.webhooks.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where webhooks may go, so that registering an endpoint cannot turn Winback against the network it runs in
 * (server-side request forgery). Public addresses are allowed (unless {@code allowPublicHosts} is off); loopback,
 * link-local, private and every other special-purpose address only when the admin lists the target in
 * {@code allowedHosts}: a host name (any port), {@code host:port}, or a CIDR range of addresses.
 *
 * <p>The check runs on the addresses a host name resolves to, at registration and again before every attempt, so a
 * name that later resolves elsewhere (DNS rebinding) is caught. The attempt follows the check at once and the
 * JVM's resolver caches what it answered (30 s by default), so the client connects to the address just checked.
 */
final class TargetPolicy {
    /** Special-purpose ranges (RFC 6890 and successors) besides what {@link InetAddress} recognises itself. */
    private static final List<AddressRange> NOT_PUBLIC = List.of(
            "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "240.0.0.0/4", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
            "2001:db8::/32", "2002::/16", "fc00::/7")
            .stream().map(AddressRange::parse).toList();
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?");

    /** How a host name becomes addresses; the JVM's resolver in production, a table in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** One entry of {@code allowedHosts} that names a host, with its port or -1 for any port. */
    private record HostEntry(String host, int port) {
    }

    private final List<HostEntry> hosts = new ArrayList<>();
    private final List<AddressRange> ranges = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final boolean allowPublic;
    private final Resolver resolver;

    /**
     * @param entries the values of {@code allowedHosts}; each may hold several entries separated by commas or
     *     spaces (a .cfg file gives one string)
     */
    TargetPolicy(String[] entries, boolean allowPublic, Resolver resolver) {
        this.allowPublic = allowPublic;
        this.resolver = resolver;
        for (String value : entries == null ? new String[0] : entries) {
            for (String entry : value.split("[,\\s]+")) {
                if (!entry.isEmpty()) {
                    add(entry);
                }
            }
        }
    }

    private void add(String entry) {
        String e = entry.toLowerCase(Locale.ROOT);
        try {
            if (e.contains("/") || AddressRange.literal(e) != null) {
                ranges.add(AddressRange.parse(e));
                return;
            }
            String host = e;
            int port = -1;
            int colon = e.lastIndexOf(':');
            if (colon > 0) {
                host = e.substring(0, colon);
                port = Integer.parseInt(e.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port " + port + " is not 1 to 65535");
                }
            }
            host = unbracketed(host);
            if (AddressRange.literal(host) == null && !HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("not a host name, an address or a CIDR range");
            }
            hosts.add(new HostEntry(canonicalHost(host), port));
        } catch (NumberFormatException notAPort) {
            ignored.add(entry + " (the part after the last ':' is not a port)");
        } catch (IllegalArgumentException bad) {
            ignored.add(entry + " (" + bad.getMessage() + ")");
        }
    }

    /** Entries that could not be read, with why; they allow nothing. */
    List<String> ignored() {
        return List.copyOf(ignored);
    }

    /**
     * Why Winback must not send to {@code url}, in words an admin can act on; null when it may. Resolves the
     * host: call it right before connecting as well as when the URL is registered.
     */
    String refusal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "has no host";
        }
        String name = canonicalHost(unbracketed(host.toLowerCase(Locale.ROOT)));
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        if (listed(name, port)) {
            return null; // the admin vouches for this name, wherever it points
        }
        InetAddress[] addresses;
        try {
            byte[] literal = AddressRange.literal(name);
            addresses = literal != null ? new InetAddress[] {InetAddress.getByAddress(literal)}
                    : resolver.resolve(name);
        } catch (UnknownHostException e) {
            return "names host '" + host + "', which does not resolve to an address";
        }
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                String shown = address.getHostAddress();
                return (AddressRange.literal(name) != null ? "is " : "resolves to ") + shown + ", " + why
                        + "; Winback only sends to such addresses when an admin lists them in allowedHosts of "
                        + "etc/dev.winback.webhooks.cfg (for example allowedHosts = " + example(host, port, shown)
                        + ")";
            }
        }
        return null;
    }

    private boolean listed(String host, int port) {
        for (HostEntry entry : hosts) {
            if (entry.host.equals(host) && (entry.port < 0 || entry.port == port)) {
                return true;
            }
        }
        return false;
    }

    /** Why this address is refused, or null. */
    private String refusal(InetAddress address) {
        for (AddressRange range : ranges) {
            if (range.contains(address)) {
                return null;
            }
        }
        String kind = kind(address);
        if (kind == null) {
            return allowPublic ? null
                    : "which is not listed in allowedHosts (allowPublicHosts = false allows only listed targets)";
        }
        return "a " + kind + " address";
    }

    /** What kind of non-public address this is, or null for a public one. */
    static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "wildcard";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        for (AddressRange range : NOT_PUBLIC) {
            if (range.contains(a)) {
                return range.toString().startsWith("fc00") ? "private" : "special-purpose (" + range + ")";
            }
        }
        return null;
    }

    private static String example(String host, int port, String address) {
        String h = AddressRange.literal(host) != null && host.indexOf(':') >= 0 && !host.startsWith("[")
                ? "[" + host + "]" : host;
        return AddressRange.literal(host) != null ? h + ":" + port : host + ":" + port + " or " + address
                + (address.indexOf(':') >= 0 ? "/128" : "/32");
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** One spelling per host: IPv6 literals in their canonical form, names without a trailing dot. */
    private static String canonicalHost(String host) {
        byte[] literal = AddressRange.literal(host);
        if (literal != null) {
            try {
                return InetAddress.getByAddress(literal).getHostAddress();
            } catch (UnknownHostException impossible) {
                return host;
            }
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
