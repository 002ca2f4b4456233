package vn.truongson.exchange;

import java.util.List;
import java.util.Map;

/**
 * A service the platform itself provides under system {@link Catalogue#PLATFORM}, answered in process by the mediator
 * instead of over HTTP. The mediator has already authenticated the consumer, checked its agreement, the zone and the
 * rate; the answer is filtered to the agreed fields and logged like any other.
 */
public interface LocalService {

    /** The service's code in the catalogue, under system TRUONGSON. */
    String service();

    /** The answer: an HTTP status and a value that serialises to JSON. */
    record Answer(int status, Object body) {}

    Answer call(String method, String subPath, Map<String, List<String>> query);
}
