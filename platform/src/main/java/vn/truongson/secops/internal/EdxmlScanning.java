package vn.truongson.secops.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.WebUtils;
import vn.truongson.core.DomainException;
import vn.truongson.document.DocumentProperties;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlMessage;
import vn.truongson.secops.MalwareScanner;

/**
 * The attachments of an incoming edXML message ({@code POST /api/v1/exchange/edxml}, API.md) are scanned before the
 * document module stores any of them — without a line in the document module: a filter keeps the body (up to the
 * message limit) so it can be read twice, and an MVC interceptor, after sign-in and before the import, parses the
 * message with the document module's own reader ({@code document.edxml.EdXml}) and hands each decoded attachment to
 * {@link MalwareScanner} (422 …/malware naming the attachment, or 503 when the scanner is down and the kind fails closed).
 * A body over the limit or one that does not parse is left to the import, which refuses it with its own problem.
 */
@Configuration(proxyBeanMethods = false)
class EdxmlScanning implements WebMvcConfigurer, HandlerInterceptor {

    static final String PATH = "/api/v1/exchange/edxml";

    private final MalwareScanner scanner;
    private final DocumentProperties documents;

    EdxmlScanning(MalwareScanner scanner, DocumentProperties documents) {
        this.scanner = scanner;
        this.documents = documents;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> edxmlBodyKeeper() {
        long max = documents.maxEdxml().toBytes();
        OncePerRequestFilter f = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
                if (!"POST".equals(req.getMethod()) || !scanner.enabled()) {
                    chain.doFilter(req, res);
                    return;
                }
                InputStream in = req.getInputStream();
                byte[] head = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                chain.doFilter(new KeptBody(req, head, head.length > max ? in : null), res);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(f);
        bean.addUrlPatterns(PATH);
        bean.setName("secops-edxml-body");
        return bean;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(PATH).order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        KeptBody kept = WebUtils.getNativeRequest(request, KeptBody.class);
        if (!scanner.enabled() || kept == null || !kept.complete()) return true;
        EdxmlMessage m;
        try {
            m = EdXml.read(kept.head, documents.maxEdxml().toBytes(), documents.maxUpload().toBytes());
        } catch (DomainException e) {
            return true; // the import refuses it with its own problem
        }
        for (EdxmlMessage.Attachment a : m.attachments()) {
            String name = a.name() == null || a.name().isBlank() ? a.contentId() : a.name();
            scanner.requireClean(name, new ByteArrayInputStream(a.content()));
        }
        return true;
    }

    /** The request with its body kept in memory (and, past the limit, the rest of the original stream after it). */
    static final class KeptBody extends HttpServletRequestWrapper {

        final byte[] head;
        private final @Nullable InputStream rest;

        KeptBody(HttpServletRequest req, byte[] head, @Nullable InputStream rest) {
            super(req);
            this.head = head;
            this.rest = rest;
        }

        boolean complete() {
            return rest == null;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = rest == null ? new ByteArrayInputStream(head) : new SequenceInputStream(new ByteArrayInputStream(head), rest);
            return new ServletInputStream() {
                @Override public int read() throws IOException { return in.read(); }
                @Override public int read(byte[] b, int off, int len) throws IOException { return in.read(b, off, len); }
                @Override public boolean isFinished() { return false; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener l) { throw new UnsupportedOperationException(); }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
