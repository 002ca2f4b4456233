package vn.truongson.calendar.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import vn.truongson.core.DomainException;

/** What a standalone MockMvc needs to stand in for the application's web layer. */
final class CalendarWebFixtures {

    private CalendarWebFixtures() {}

    /** The application's messages, Vietnamese by default. */
    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasenames("messages", "messages_calendar");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        m.setDefaultLocale(Locale.forLanguageTag("vi"));
        return m;
    }

    /** Renders the real templates, the layout included. */
    static ThymeleafViewResolver thymeleaf() {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("templates/");
        templates.setSuffix(".html");
        templates.setCharacterEncoding("UTF-8");
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(templates);
        engine.setTemplateEngineMessageSource(messages());
        ThymeleafViewResolver resolver = new ThymeleafViewResolver();
        resolver.setTemplateEngine(engine);
        resolver.setCharacterEncoding("UTF-8");
        return resolver;
    }

    /**
     * A stand-in for the application's problem handler: the status, and each field error's field and message key.
     * A test component, so that the whole-application tests do not pick it up by scanning and answer their screens' refusals with it.
     */
    @TestComponent
    @RestControllerAdvice
    static class Problems {
        @ExceptionHandler(DomainException.class)
        ResponseEntity<Map<String, Object>> domain(DomainException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("key", e.messageKey());
            if (e instanceof DomainException.BadInput b) {
                body.put("errors", b.errors().stream().map(f -> Map.of("field", f.field(), "key", f.messageKey())).toList());
            } else {
                body.put("errors", List.of());
            }
            return ResponseEntity.status(HttpStatus.valueOf(e.status())).body(body);
        }
    }
}
