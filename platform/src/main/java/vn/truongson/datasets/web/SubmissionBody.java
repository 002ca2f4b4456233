package vn.truongson.datasets.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.core.DomainException;
import vn.truongson.core.Inputs;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.Value;

/**
 * Reads a submission's body, {@code {"values": {<code>: value}}}, token by token, so that every value is judged by its
 * field later with its field's name: 1e5000 and 123…(2000 digits) are read as written and refused by {@link Inputs},
 * NaN and Infinity are read (JSON has no such numbers, but some clients write them) only to be refused by name, a text
 * with NUL or a lone surrogate is marked. What is not JSON at all is a 400 on {@code body}.
 */
final class SubmissionBody {

    private SubmissionBody() {}

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_VALUES = 1000;
    static final int MAX_LIST = 200;

    private static final JsonMapper READER = JsonMapper.builder(JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).maxStringLength(MAX_BYTES).maxNestingDepth(8).build())
                    .build())
            .build();

    static Map<String, Value> read(byte[] body) {
        if (body.length > MAX_BYTES) throw new DomainException.BadInput("body", "datasets.body.size");
        Map<String, Value> values = new LinkedHashMap<>();
        try (JsonParser p = READER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw malformed();
            boolean seen = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!"values".equals(name)) {
                    p.skipChildren();
                    continue;
                }
                seen = true;
                if (p.currentToken() == JsonToken.VALUE_NULL) continue;
                if (p.currentToken() != JsonToken.START_OBJECT) throw new DomainException.BadInput("values", "problem.field.type");
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String code = p.currentName();
                    if (!Inputs.validText(code)) throw new DomainException.BadInput("values", Inputs.TEXT_KEY);
                    if (values.size() >= MAX_VALUES) throw new DomainException.BadInput("values", "datasets.body.size");
                    p.nextToken();
                    values.put(code, value(p, true));
                }
            }
            if (p.nextToken() != null) throw malformed();
            if (!seen) throw new DomainException.BadInput("values", "problem.field.required");
        } catch (JacksonException e) {
            throw malformed();
        }
        return values;
    }

    /** The rest of an object too large to take: skipped, answered as a value no field takes. */
    private static Value skipRest(JsonParser p) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            p.nextToken();
            p.skipChildren();
        }
        return new Value.Other();
    }

    private static DomainException malformed() {
        return new DomainException.BadInput("body", "problem.json.malformed");
    }

    private static Value value(JsonParser p, boolean listAllowed) {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return new Value.Empty();
            case VALUE_TRUE:
                return new Value.Bool(true);
            case VALUE_FALSE:
                return new Value.Bool(false);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                if (p.isNaN()) return new Value.NotFinite();
                BigDecimal n;
                try {
                    n = p.getDecimalValue();
                } catch (NumberFormatException | JacksonException e) {
                    return new Value.NotFinite();
                }
                return Inputs.validNumber(n) ? new Value.Number(n) : new Value.NotFinite();
            case VALUE_STRING:
                String s = p.getString();
                return Inputs.validText(s) ? new Value.Text(s) : new Value.BadText();
            case START_ARRAY:
                if (!listAllowed) {
                    p.skipChildren();
                    return new Value.Other();
                }
                List<Value> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (items.size() >= MAX_LIST) {
                        p.skipChildren();
                        continue;
                    }
                    items.add(value(p, false));
                }
                if (items.size() >= MAX_LIST) return new Value.Other();
                if (items.stream().anyMatch(v -> v instanceof Value.BadText)) return new Value.BadText();
                return new Value.Texts(items);
            case START_OBJECT:
                // A field broken down by a category list: option → number, one level, at most MAX_LIST options.
                if (!listAllowed) {
                    p.skipChildren();
                    return new Value.Other();
                }
                Map<String, Value> parts = new LinkedHashMap<>();
                boolean bad = false;
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String option = p.currentName();
                    p.nextToken();
                    if (!Inputs.validText(option)) {
                        bad = true;
                        p.skipChildren();
                        continue;
                    }
                    if (parts.size() >= MAX_LIST) {
                        p.skipChildren();
                        return skipRest(p);
                    }
                    if (p.currentToken() == JsonToken.START_OBJECT) {
                        // A field broken down by two lists, nested: {"Sĩ quan": {"Lục quân": 3}} is the pair "Sĩ quan × Lục quân".
                        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                            String second = p.currentName();
                            p.nextToken();
                            if (!Inputs.validText(second)) {
                                bad = true;
                                p.skipChildren();
                                continue;
                            }
                            if (parts.size() >= MAX_LIST) {
                                p.skipChildren();
                                skipRest(p);
                                return skipRest(p);
                            }
                            parts.put(option + Field.PAIR + second, value(p, false));
                        }
                        continue;
                    }
                    parts.put(option, value(p, false));
                }
                return bad ? new Value.BadText() : new Value.Parts(parts);
            default:
                p.skipChildren();
                return new Value.Other();
        }
    }
}
