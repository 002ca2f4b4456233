package vn.truongson.programme;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.programme}.
 *
 * @param lockDays days after a period's deadline during which its reports may still be submitted late or
 *     revised; after that the period is locked, so a compiled report no longer changes under its readers
 */
@ConfigurationProperties("truongson.programme")
public record ProgrammeProperties(@DefaultValue("10") int lockDays) {

    public ProgrammeProperties {
        if (lockDays < 0 || lockDays > 366) throw new IllegalArgumentException("truongson.programme.lock-days must be 0..366");
    }
}
