package vn.truongson.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;

/**
 * Who is signed in, for an error answered outside the request's own filters (issue 13, item 6): the container's error
 * dispatch and Tomcat's own error report come after Spring Session's filter has put the session away, so the page
 * would show the signed-out header to a signed-in person. The session is read again from its cookie ({@code SESSION},
 * Spring Session's default, base64 of the id), only to draw the header: nothing is written, no session is created.
 */
@Component
class SignedInSession {

    static final String COOKIE = "SESSION";

    private final ObjectProvider<SessionRepository<? extends Session>> sessions;

    SignedInSession(ObjectProvider<SessionRepository<? extends Session>> sessions) {
        this.sessions = sessions;
    }

    /** The security context of the session named by the {@code Cookie} header, if it is a live signed-in one. */
    @Nullable SecurityContext of(@Nullable String cookieHeader) {
        String id = sessionId(cookieHeader);
        if (id == null) return null;
        try {
            SessionRepository<? extends Session> repo = sessions.getIfAvailable();
            if (repo == null) return null;
            Session s = repo.findById(id);
            if (s == null || s.isExpired()) return null;
            Object sc = s.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            return sc instanceof SecurityContext c && c.getAuthentication() != null ? c : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code work} run as the person of {@code context} (null: as is), the thread's own context restored after. */
    <T> T as(@Nullable SecurityContext context, Supplier<T> work) {
        if (context == null) return work.get();
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(before);
        }
    }

    static @Nullable String sessionId(@Nullable String cookieHeader) {
        if (cookieHeader == null || cookieHeader.length() > 8192) return null;
        for (String part : cookieHeader.split(";")) {
            String p = part.strip();
            if (!p.startsWith(COOKIE + "=")) continue;
            String v = p.substring(COOKIE.length() + 1);
            if (v.isEmpty() || v.length() > 200) return null;
            try {
                String id = new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
                return id.matches("[0-9a-fA-F-]{16,64}") ? id : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
