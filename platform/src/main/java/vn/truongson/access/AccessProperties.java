package vn.truongson.access;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import vn.truongson.core.SecrecyLevel;

/**
 * Sign-in and zone settings ({@code truongson.access.*}).
 *
 * @param maxFailedAttempts failures before lockout (issue: 5)
 * @param lockout how long a locked account stays locked (15 minutes)
 * @param tokenLifetime lifetime of an API bearer token
 * @param sessionIdleTimeout idle timeout of a browser session
 * @param zoneMaxSecrecy the highest secrecy each zone may carry; default: military-network all, others Thường
 * @param totpIssuer issuer shown in authenticator apps
 * @param actorCacheTtl how long a node may remember who a token is and what an official holds (5 s; 0 turns it off);
 *        any change to them anywhere makes every node forget at once ({@code ActorCache})
 */
@ConfigurationProperties("truongson.access")
public record AccessProperties(Integer maxFailedAttempts, Duration lockout, Duration tokenLifetime,
        Duration sessionIdleTimeout, Map<NetworkZone, SecrecyLevel> zoneMaxSecrecy, String totpIssuer,
        Duration actorCacheTtl) {

    public AccessProperties {
        if (maxFailedAttempts == null) maxFailedAttempts = 5;
        if (lockout == null) lockout = Duration.ofMinutes(15);
        if (tokenLifetime == null) tokenLifetime = Duration.ofHours(1);
        if (sessionIdleTimeout == null) sessionIdleTimeout = Duration.ofMinutes(30);
        var m = new EnumMap<NetworkZone, SecrecyLevel>(NetworkZone.class);
        for (NetworkZone z : NetworkZone.values()) m.put(z, z.defaultMaxSecrecy());
        if (zoneMaxSecrecy != null) m.putAll(zoneMaxSecrecy);
        zoneMaxSecrecy = Map.copyOf(m);
        if (totpIssuer == null || totpIssuer.isBlank()) totpIssuer = "Trường Sơn";
        if (actorCacheTtl == null || actorCacheTtl.isNegative()) actorCacheTtl = ActorCache.defaultTtl();
    }
}
