package vn.truongson.programme;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.programme}.
 *
 * @param lockDays days after a period's deadline during which its reports may still be submitted late or
 *     revised; after that the period is locked, so a compiled report no longer changes under its readers
 * @param compilationCacheEntries compilations kept per node (plan, period, scope, clearance, data version); 0 turns
 *     the cache off
 * @param compilationCacheTtl how long a kept compilation may serve: any change to the plan's programme data is seen at
 *     once (its data version moves), a change of the unit tree (a unit moved) within this time
 */
@ConfigurationProperties("truongson.programme")
public record ProgrammeProperties(@DefaultValue("10") int lockDays, @DefaultValue("32") int compilationCacheEntries,
        @DefaultValue("PT5M") Duration compilationCacheTtl) {

    public ProgrammeProperties {
        if (lockDays < 0 || lockDays > 366) throw new IllegalArgumentException("truongson.programme.lock-days must be 0..366");
        if (compilationCacheEntries < 0 || compilationCacheEntries > 10_000) {
            throw new IllegalArgumentException("truongson.programme.compilation-cache-entries must be 0..10000");
        }
        if (compilationCacheTtl.isNegative()) throw new IllegalArgumentException("truongson.programme.compilation-cache-ttl must not be negative");
    }
}
