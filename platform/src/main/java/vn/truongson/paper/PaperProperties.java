package vn.truongson.paper;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.paper}.
 *
 * @param place the place name (địa danh) printed before the date of generated documents: where the issuing
 *     agency has its seat (Decree 30/2020, Appendix I, item II.4)
 */
@ConfigurationProperties("truongson.paper")
public record PaperProperties(@DefaultValue("Hà Nội") String place) {

    public PaperProperties {
        if (place.isBlank()) throw new IllegalArgumentException("truongson.paper.place must not be blank");
    }
}
