package vn.truongson.exchange;

import java.util.Collection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Filters a provider's JSON answer to the agreed fields: an object keeps only its agreed members (their values whole);
 * an array is filtered element by element; a bare value passes. A field not agreed never leaves the platform.
 */
final class AnswerFilter {

    private AnswerFilter() {}

    static JsonNode filter(JsonNode n, Collection<String> fields) {
        if (n instanceof ObjectNode o) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : o.propertyNames()) if (fields.contains(name)) out.set(name, o.get(name));
            return out;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : a) out.add(e.isObject() || e.isArray() ? filter(e, fields) : e);
            return out;
        }
        return n;
    }
}
