package vn.truongson.access;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Address ranges and their network zone. The ranges live in the database, so administrators edit them
 * on screen; they are held in memory and reloaded after each edit. An address in no range is 'internet'.
 */
@Service
public class Zones {

    public record Range(long id, String cidr, NetworkZone zone, String note) {}

    record Parsed(Range range, byte[] network, int prefix) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final AtomicReference<List<Parsed>> ranges = new AtomicReference<>();

    Zones(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<Range> ranges() {
        return loaded().stream().map(Parsed::range).toList();
    }

    public NetworkZone zoneOf(String address) {
        byte[] addr;
        try {
            addr = literal(address);
        } catch (IllegalArgumentException e) {
            return NetworkZone.INTERNET;
        }
        // The most specific range wins, so an administrator can carve a mobile range out of a wider one.
        Parsed best = null;
        for (Parsed p : loaded()) {
            if (p.network().length == addr.length && matches(addr, p.network(), p.prefix()) && (best == null || p.prefix() > best.prefix())) {
                best = p;
            }
        }
        return best == null ? NetworkZone.INTERNET : best.range().zone();
    }

    @Transactional
    public Range add(String cidr, NetworkZone zone, String note) {
        Parsed parsed = parse(0, cidr, zone, note);
        String canonical = parsed.range().cidr();
        if (jdbc.sql("select count(*) from access_zone_range where cidr = ?::cidr").param(canonical).query(Long.class).single() > 0) {
            throw new DomainException.Conflict("problem.zone.exists", canonical);
        }
        long id = jdbc.sql("insert into access_zone_range (cidr, zone, note) values (?::cidr, ?, ?) returning id")
                .params(canonical, zone.id(), note).query(Long.class).single();
        audit.record("zone.create", "zone:" + canonical, AuditTrail.SUCCESS, zone.id());
        ranges.set(null);
        return new Range(id, canonical, zone, note);
    }

    @Transactional
    public void remove(long id) {
        String cidr = jdbc.sql("delete from access_zone_range where id = ? returning cidr::text").param(id).query(String.class).optional()
                .orElseThrow(() -> new DomainException.NotFound("zone", id));
        audit.record("zone.delete", "zone:" + cidr, AuditTrail.SUCCESS, null);
        ranges.set(null);
    }

    /** Other nodes of a cluster pick up an administrator's edit within a minute. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${truongson.access.zone-reload:PT1M}")
    void reload() {
        ranges.set(null);
    }

    private List<Parsed> loaded() {
        List<Parsed> r = ranges.get();
        if (r == null) {
            r = jdbc.sql("select id, cidr::text, zone, coalesce(note, '') from access_zone_range order by id")
                    .query((rs, n) -> parse(rs.getLong(1), rs.getString(2), NetworkZone.of(rs.getString(3)), rs.getString(4)))
                    .list();
            ranges.set(r);
        }
        return r;
    }

    /** Parses 'a.b.c.d/n' or an IPv6 range; refuses anything else with a field error on 'cidr'. */
    static Parsed parse(long id, String cidr, NetworkZone zone, String note) {
        String[] parts = cidr.trim().split("/", -1);
        try {
            if (parts.length > 2 || parts[0].isEmpty()) throw new IllegalArgumentException();
            byte[] net = literal(parts[0]);
            int bits = net.length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException();
            // Canonical form: host bits cleared, as PostgreSQL's cidr type requires.
            BigInteger mask = prefix == 0 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
            byte[] masked = toBytes(new BigInteger(1, net).and(mask), net.length);
            String canonical = InetAddress.getByAddress(masked).getHostAddress() + "/" + prefix;
            return new Parsed(new Range(id, canonical, zone, note), masked, prefix);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new DomainException.BadInput("cidr", "problem.zone.cidr", cidr);
        }
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9a-fA-F:.]+(%[0-9a-zA-Z]+)?");

    /** An address literal's bytes; never a DNS look-up. */
    static byte[] literal(String s) {
        var m = IPV4.matcher(s);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(m.group(i + 1));
                if (v > 255) throw new IllegalArgumentException(s);
                b[i] = (byte) v;
            }
            return b;
        }
        if (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
            try {
                byte[] b = InetAddress.getByName(s).getAddress();
                // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) comes back as 4 bytes already.
                return b;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(s);
            }
        }
        throw new IllegalArgumentException(s);
    }

    private static byte[] toBytes(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    private static boolean matches(byte[] addr, byte[] net, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (addr[i] != net[i]) return false;
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (addr[full] & mask) == (net[full] & mask);
    }
}
