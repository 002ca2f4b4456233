package vn.truongson.web;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.HtmlUtils;
import vn.truongson.core.Problems;

/**
 * Errors Tomcat answers itself, before any filter of ours runs (an encoded slash in a path, a bad escape, an error
 * while the request is being mapped): the host's ErrorReportValve is replaced by {@link ProblemValve}, which answers
 * RFC 9457 problem+json in the request's language (an HTML page in the same language for a browser), never Tomcat's
 * HTML page with its version. Tomcat's size limits are set above {@link InputGuard}'s in application.yml
 * (server.max-http-request-header-size), so that over-long queries and headers reach {@link InputGuard}.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ObjectProvider<Problems> problems,
            ObjectProvider<SignedInSession> signedIn, ObjectProvider<Shell> shell) {
        return new Customizer(problems, signedIn, shell);
    }

    static final class Customizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        private final ObjectProvider<Problems> problems;
        private final ObjectProvider<SignedInSession> signedIn;
        private final ObjectProvider<Shell> shell;

        Customizer(ObjectProvider<Problems> problems, ObjectProvider<SignedInSession> signedIn, ObjectProvider<Shell> shell) {
            this.problems = problems;
            this.signedIn = signedIn;
            this.shell = shell;
        }

        @Override
        public int getOrder() {
            // After Spring Boot's own customizer, which installs an ErrorReportValve of its own.
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container parent = context.getParent();
                if (!(parent instanceof Host host)) return;
                for (Valve v : host.getPipeline().getValves()) {
                    if (v instanceof ErrorReportValve && !(v instanceof ProblemValve)) host.getPipeline().removeValve(v);
                }
                if (host instanceof StandardHost sh) sh.setErrorReportValveClass(ProblemValve.class.getName());
                host.getPipeline().addValve(new ProblemValve(problems, signedIn, shell));
            });
        }
    }

    /** Tomcat's error report, as a problem (or a page in the caller's language), without the server's name. */
    public static final class ProblemValve extends ErrorReportValve {
        private final ObjectProvider<Problems> problems;
        private final @org.jspecify.annotations.Nullable ObjectProvider<SignedInSession> signedIn;
        private final @org.jspecify.annotations.Nullable ObjectProvider<Shell> shell;

        public ProblemValve() {
            this(null, null, null);
        }

        ProblemValve(ObjectProvider<Problems> problems, @org.jspecify.annotations.Nullable ObjectProvider<SignedInSession> signedIn,
                @org.jspecify.annotations.Nullable ObjectProvider<Shell> shell) {
            this.signedIn = signedIn;
            this.shell = shell;
            this.problems = problems;
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
            HttpStatus status = HttpStatus.resolve(code);
            if (status == null) status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
            Problems p = problems == null ? null : problems.getIfAvailable();
            if (p == null) return;
            boolean wantsPage = InputGuard.wantsPage(request);
            // A page in the screens' language (the ts-lang cookie, else Vietnamese); a problem in the caller's (Accept-Language).
            var locale = wantsPage ? screenLocale(request.getHeader("Cookie")) : Problems.locale(request);
            String key = switch (status.value()) {
                case 400 -> "problem.request.malformed";
                case 404 -> "problem.no-such-path";
                case 413 -> "problem.upload.too-large";
                case 414 -> "problem.query.too-long";
                case 431 -> "problem.header.too-large";
                default -> status.is4xxClientError() ? "problem.request.refused" : "problem.internal";
            };
            Object[] args = switch (key) {
                case "problem.query.too-long" -> new Object[] {InputGuard.MAX_QUERY};
                case "problem.header.too-large" -> new Object[] {"", InputGuard.MAX_HEADER};
                default -> new Object[] {request.getDecodedRequestURI()};
            };
            ProblemDetail problem = p.problem(status, key, args, locale);
            try {
                boolean page = wantsPage;
                response.setContentType(page ? "text/html" : Problems.PROBLEM_JSON.toString());
                response.setCharacterEncoding("UTF-8");
                response.setLocale(locale);
                PrintWriter w = response.getReporter();
                if (w == null) return;
                if (page) {
                    w.write("<!doctype html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                            + HtmlUtils.htmlEscape(problem.getTitle()) + "</title></head><body style=\"margin:0;font-family:system-ui,sans-serif\">"
                            + header(request) + "<main id=\"error-page\" data-status=\"" + status.value() + "\" style=\"padding:0 1rem\"><h1>" + HtmlUtils.htmlEscape(problem.getTitle())
                            + "</h1><p>" + HtmlUtils.htmlEscape(problem.getDetail()) + "</p><p><a href=\"/\">Trường Sơn</a></p></main></body></html>");
                } else {
                    w.write(json(problem));
                }
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response cannot be written: nothing more to say.
            }
        }

        /**
         * The signed-in header of a person whose session the request carries (issue 13: Tomcat's own errors too): his
         * name and unit, a way home; nothing for anybody else. Read only, never creating a session.
         */
        private String header(Request request) {
            if (signedIn == null || shell == null) return "";
            try {
                SignedInSession s = signedIn.getIfAvailable();
                Shell sh = shell.getIfAvailable();
                if (s == null || sh == null) return "";
                var context = s.of(request.getHeader("Cookie"));
                if (context == null) return "";
                Shell.View v = s.as(context, sh::shell);
                if (v == null) return "";
                return "<header style=\"background:#0b3d2e;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center\">"
                        + "<a href=\"/office\" style=\"color:#fff;font-weight:600;text-decoration:none\">Trường Sơn</a>"
                        + "<span id=\"ts-person\" style=\"margin-left:auto;text-align:right\">" + HtmlUtils.htmlEscape(v.fullName())
                        + "<small id=\"ts-person-unit\" style=\"display:block\">" + HtmlUtils.htmlEscape(v.unitName()) + "</small></span></header>";
            } catch (RuntimeException e) {
                return "";
            }
        }

        /** The language the screens answer in ({@code WebConfiguration}'s CookieLocaleResolver "ts-lang", default Vietnamese). */
        static java.util.Locale screenLocale(@org.jspecify.annotations.Nullable String cookies) {
            if (cookies != null && cookies.length() <= 8192) {
                for (String part : cookies.split(";")) {
                    String p = part.strip();
                    if (p.startsWith("ts-lang=")) return p.substring(8).toLowerCase(java.util.Locale.ROOT).startsWith("en")
                            ? java.util.Locale.ENGLISH : java.util.Locale.forLanguageTag("vi");
                }
            }
            return java.util.Locale.forLanguageTag("vi");
        }

        private static String json(ProblemDetail p) {
            return "{\"type\":" + quote(String.valueOf(p.getType())) + ",\"title\":" + quote(p.getTitle()) + ",\"status\":" + p.getStatus()
                    + ",\"detail\":" + quote(p.getDetail()) + "}";
        }

        private static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                        else b.append(c);
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
