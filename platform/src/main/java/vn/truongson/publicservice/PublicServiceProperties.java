package vn.truongson.publicservice;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code truongson.publicservice}.
 *
 * @param codePattern the dossier code (mã hồ sơ): {@code {unit}} the implementing unit's code, {@code {yyMMdd}}
 *     the submission date in Vietnam, {@code {seq}} that unit's sequence number of the day, zero-padded to 4
 * @param maxUpload the largest attachment accepted
 * @param maxAttachments how many files one dossier may carry
 * @param index the Decision 766 groups' maximum points (they add up to 100; the online-service group is online filing
 *     plus online payment, 12 + 10 by default)
 */
@ConfigurationProperties("truongson.publicservice")
public record PublicServiceProperties(@DefaultValue("{unit}-{yyMMdd}-{seq}") String codePattern,
        @DefaultValue("10MB") DataSize maxUpload, @DefaultValue("20") int maxAttachments, @DefaultValue Index index) {

    public PublicServiceProperties {
        if (!codePattern.contains("{seq}")) throw new IllegalArgumentException("truongson.publicservice.code-pattern must contain {seq}");
        if (maxUpload.toBytes() < 1024) throw new IllegalArgumentException("truongson.publicservice.max-upload must be at least 1KB");
    }

    /**
     * The five groups of the citizen-service index (DOMAIN-VN.md §4), their maximum points; each group's score is a
     * ratio of the platform's own data times its points.
     */
    public record Index(@DefaultValue("18") double publicity, @DefaultValue("20") double progress, @DefaultValue("22") double digitisation,
            @DefaultValue("12") double onlineFiling, @DefaultValue("10") double onlinePayment, @DefaultValue("18") double satisfaction) {
        public Index {
            for (double d : new double[] {publicity, progress, digitisation, onlineFiling, onlinePayment, satisfaction}) {
                if (d < 0 || d > 100) throw new IllegalArgumentException("truongson.publicservice.index.* must be 0..100");
            }
        }

        public double total() {
            return publicity + progress + digitisation + onlineFiling + onlinePayment + satisfaction;
        }
    }
}
