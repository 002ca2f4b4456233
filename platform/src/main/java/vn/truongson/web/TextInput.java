package vn.truongson.web;

import java.beans.PropertyEditorSupport;
import java.math.BigDecimal;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;

/**
 * Every text that enters, as JSON or as a form field, is NFC-normalised (NFD Vietnamese from macOS or
 * old systems compares and sorts wrong otherwise), and refused if it holds control characters.
 */
@Configuration(proxyBeanMethods = false)
class TextInput {

    @Bean
    JacksonModule vietnameseTextModule() {
        return new SimpleModule("vietnamese-text").addDeserializer(String.class, new NfcStrings())
                .addKeyDeserializer(String.class, new ValidKeys());
    }

    /** Keys of JSON objects read into maps (indicatorValues, targets): the same rule as text, so no problem names a broken key. */
    static final class ValidKeys extends tools.jackson.databind.KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            if (!Inputs.validText(key)) throw ctxt.weirdKeyException(String.class, "", INVALID_TEXT);
            return key;
        }
    }

    /**
     * The numbers' rule applies to what arrives over HTTP only: the platform's own JSON (stored reports, the
     * compilation's aggregates, averages with many decimals) is read by the shared mapper without it. So the request
     * bodies' converter gets a mapper of its own, the shared one plus {@link #edgeNumbers()}.
     */
    @Bean
    org.springframework.web.servlet.config.annotation.WebMvcConfigurer edgeNumbersConverter(tools.jackson.databind.json.JsonMapper shared) {
        tools.jackson.databind.json.JsonMapper edge = shared.rebuild().addModule(edgeNumbers()).build();
        return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(java.util.List<org.springframework.http.converter.HttpMessageConverter<?>> converters) {
                for (int i = 0; i < converters.size(); i++) {
                    if (converters.get(i) instanceof org.springframework.http.converter.json.JacksonJsonHttpMessageConverter) {
                        converters.set(i, new org.springframework.http.converter.json.JacksonJsonHttpMessageConverter(edge));
                    }
                }
            }
        };
    }

    static JacksonModule edgeNumbers() {
        return new SimpleModule("edge-numbers")
                .addDeserializer(BigDecimal.class, new Numbers<>(BigDecimal.class, n -> n, null))
                .addDeserializer(Double.class, new Numbers<>(Double.class, BigDecimal::doubleValue, null))
                .addDeserializer(Double.TYPE, new Numbers<>(Double.TYPE, BigDecimal::doubleValue, 0.0))
                .addDeserializer(Float.class, new Numbers<>(Float.class, BigDecimal::floatValue, null))
                .addDeserializer(Float.TYPE, new Numbers<>(Float.TYPE, BigDecimal::floatValue, 0.0f));
    }

    /** The marker Jackson's message carries for a number outside API.md's range; {@link ApiProblems} maps it to the key. */
    static final String NUMBER_RANGE = "number outside the platform's range";
    /** The marker for NUL or a lone surrogate in a JSON string. */
    static final String INVALID_TEXT = "NUL or lone surrogate";

    /**
     * Every decimal that enters as JSON: finite, |x| ≤ 10¹⁵, at most 6 decimals ({@link Inputs}), judged on the number
     * as written (1e5000 is not read as infinity first), else a 400 naming the field.
     */
    static final class Numbers<T> extends ValueDeserializer<T> {
        private final Class<?> type;
        private final Function<BigDecimal, T> convert;
        private final @Nullable T nullValue;

        Numbers(Class<?> type, Function<BigDecimal, T> convert, @Nullable T nullValue) {
            this.type = type;
            this.convert = convert;
            this.nullValue = nullValue;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            BigDecimal n;
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                n = p.getDecimalValue();
            } else if (p.hasToken(JsonToken.VALUE_STRING)) {
                String s = p.getString().strip();
                if (s.isEmpty()) return nullValue;
                if (s.length() > 64) throw ctxt.weirdStringException(s.substring(0, 64), type, NUMBER_RANGE);
                try {
                    n = new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw ctxt.weirdStringException(s, type, "not a number");
                }
            } else {
                return (T) ctxt.handleUnexpectedToken(type, p);
            }
            if (!Inputs.validNumber(n)) throw ctxt.weirdNumberException(0, type, NUMBER_RANGE);
            return convert.apply(n);
        }

        @Override
        public @Nullable T getNullValue(DeserializationContext ctxt) {
            return nullValue;
        }
    }

    static final class NfcStrings extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                // A number or object where text belongs is a wrong type, not something to coerce.
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String s = VietnameseText.nfc(p.getString());
            if (!Inputs.validText(s)) {
                throw ctxt.weirdStringException("", String.class, INVALID_TEXT);
            }
            if (VietnameseText.firstControlChar(s, true) >= 0) {
                throw ctxt.weirdStringException(s, String.class, "control character");
            }
            return s;
        }
    }

    @ControllerAdvice
    static class FormText {
        @InitBinder
        void nfc(WebDataBinder binder) {
            binder.registerCustomEditor(String.class, new PropertyEditorSupport() {
                @Override
                public void setAsText(String text) {
                    // Multipart text fields and bound parameters that InputGuard does not see decoded: the same rule.
                    if (!Inputs.validText(text) || (text != null && text.indexOf('\uFFFD') >= 0)) {
                        throw new IllegalArgumentException(INVALID_TEXT);
                    }
                    setValue(text == null ? null : VietnameseText.nfc(text));
                }
            });
        }
    }
}
