package vn.truongson.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads /actuator/prometheus (text format 0.0.4) the way a scraper does. */
public final class Prometheus {

    private Prometheus() {}

    public static String scrape(int port) {
        var r = new Api(port).send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4").GET(), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The value of the one sample {@code series} (a name, with its labels as written, e.g. {@code x_total{outcome="success"}}). */
    public static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as("%s in%n%s", series, exposition.lines().filter(l -> l.startsWith("truongson_")).toList()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    public static double value(int port, String series) {
        return value(scrape(port), series);
    }
}
