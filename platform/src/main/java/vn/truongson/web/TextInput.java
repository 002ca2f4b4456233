package vn.truongson.web;

import java.beans.PropertyEditorSupport;
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
import vn.truongson.core.VietnameseText;

/**
 * Every text that enters, as JSON or as a form field, is NFC-normalised (NFD Vietnamese from macOS or
 * old systems compares and sorts wrong otherwise), and refused if it holds control characters.
 */
@Configuration(proxyBeanMethods = false)
class TextInput {

    @Bean
    JacksonModule vietnameseTextModule() {
        return new SimpleModule("vietnamese-text").addDeserializer(String.class, new NfcStrings());
    }

    static final class NfcStrings extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                // A number or object where text belongs is a wrong type, not something to coerce.
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String s = VietnameseText.nfc(p.getString());
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
                    setValue(text == null ? null : VietnameseText.nfc(text));
                }
            });
        }
    }
}
