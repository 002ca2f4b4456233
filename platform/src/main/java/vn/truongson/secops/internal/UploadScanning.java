package vn.truongson.secops.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import vn.truongson.secops.MalwareScanner;

/**
 * Every file of every multipart request is scanned before its handler runs — document drafts, evidence, dossier
 * attachments, Excel imports, lists, signature checks, and any upload added later — so no upload path can forget it.
 * The refusal is thrown with the handler known, so the API answers problem+json and the screens their error page.
 */
@Configuration(proxyBeanMethods = false)
class UploadScanning implements WebMvcConfigurer, HandlerInterceptor {

    private final MalwareScanner scanner;

    UploadScanning(MalwareScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // The multipart request may sit under wrappers (security's, in tests MockMvc's): look through them.
        MultipartHttpServletRequest multipart = org.springframework.web.util.WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (!scanner.enabled() || multipart == null) return true;
        for (var files : multipart.getMultiFileMap().values()) {
            for (MultipartFile f : files) {
                if (f.isEmpty()) continue;
                try (InputStream in = f.getInputStream()) {
                    scanner.requireClean(f.getOriginalFilename() == null ? f.getName() : f.getOriginalFilename(), in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return true;
    }
}
