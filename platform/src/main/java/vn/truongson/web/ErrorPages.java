package vn.truongson.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;

/**
 * What a person sees when something fails: a page in their language for the screens, a problem for the
 * API (also for paths no controller serves).
 */
@Controller
class ErrorPages implements ErrorController {

    /** A request attribute with the reason to show on the error page (set by the edge's {@link InputGuard}). */
    static final String DETAIL = ErrorPages.class.getName() + ".detail";

    private final Problems problems;
    private final Shell shell;
    private final SignedInSession signedIn;

    ErrorPages(Problems problems, Shell shell, SignedInSession signedIn) {
        this.problems = problems;
        this.shell = shell;
        this.signedIn = signedIn;
    }

    /** The page's message for a status: each 4xx its own when we have one, else a general refusal. */
    static String messageKey(int status) {
        return switch (status) {
            case 400, 401, 403, 404, 405, 409, 413, 414, 429, 431 -> "error." + status;
            default -> status >= 400 && status < 500 ? "error.4xx" : "error.500";
        };
    }

    @RequestMapping("/error")
    String error(HttpServletRequest req, HttpServletResponse res, Model model) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) status = HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String s && s.startsWith("/api/")) {
            String key = switch (status.value()) {
                case 404 -> "problem.no-such-path";
                case 401 -> "problem.unauthenticated";
                case 403 -> "problem.forbidden";
                case 400 -> "problem.bad-input";
                case 413 -> "problem.upload.too-large";
                case 414 -> "problem.query.too-long";
                case 431 -> "problem.header.too-large";
                default -> status.is4xxClientError() ? "problem.request.refused" : "problem.internal";
            };
            problems.write(res, problems.problem(status, key, new Object[] {s}, Problems.locale(req)));
            return null;
        }
        res.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("messageKey", messageKey(status.value()));
        if (req.getAttribute(DETAIL) instanceof String detail) model.addAttribute("detail", detail);
        // The error dispatch runs after the session's filter: a signed-in person keeps the signed-in header (issue 13).
        // (On that dispatch the request is anonymous, not unauthenticated: whether a person is known is asked of the shell.)
        try {
            var context = shell.shell() == null ? signedIn.of(req.getHeader("Cookie")) : null;
            signedIn.as(context, () -> {
                shell.addTo(model);
                return null;
            });
        } catch (RuntimeException e) {
            // the header is a courtesy: the error page is answered without it
        }
        return "error";
    }

    /** Refusals on the screens: the same page, with the reason. */
    @ControllerAdvice(annotations = Controller.class)
    static class ScreenErrors {
        private final Problems problems;
        private final Shell shell;

        ScreenErrors(Problems problems, Shell shell) {
            this.problems = problems;
            this.shell = shell;
        }

        @ExceptionHandler(DomainException.class)
        String refused(DomainException e, HttpServletRequest req, HttpServletResponse res, Model model) {
            res.setStatus(e.status());
            model.addAttribute("status", e.status());
            model.addAttribute("messageKey", messageKey(e.status()));
            String detail = e instanceof DomainException.BadInput b
                    ? b.errors().stream().map(fe -> problems.message(fe.messageKey(), fe.args(), org.springframework.context.i18n.LocaleContextHolder.getLocale())).reduce((a, c) -> a + "; " + c).orElse("")
                    : problems.message(e.messageKey(), e.args(), org.springframework.context.i18n.LocaleContextHolder.getLocale());
            model.addAttribute("detail", detail);
            shell.addTo(model);
            return "error";
        }
    }

    /**
     * An unknown address or a method an address does not take, on the screens: the error page answered in the request
     * itself, while the signed-in person is still known (an error dispatch comes after the security filter has put the
     * session away, so it would show the signed-out header to a signed-in person). The API keeps its problems.
     */
    @org.springframework.stereotype.Component
    static class ScreenMisses implements org.springframework.web.servlet.HandlerExceptionResolver, org.springframework.core.Ordered {
        private final Shell shell;

        ScreenMisses(Shell shell) {
            this.shell = shell;
        }

        @Override
        public int getOrder() {
            return org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 1;
        }

        @Override
        public org.springframework.web.servlet.ModelAndView resolveException(HttpServletRequest req, HttpServletResponse res, Object handler, Exception ex) {
            if (req.getRequestURI().startsWith("/api/") || req.getDispatcherType() != jakarta.servlet.DispatcherType.REQUEST) return null;
            int status;
            if (ex instanceof org.springframework.web.servlet.resource.NoResourceFoundException) status = 404;
            else if (ex instanceof org.springframework.web.HttpRequestMethodNotSupportedException) status = 405;
            // A path id bound as a number that is not one names nothing: 404, as the API answers (ApiProblems.mismatch).
            else if (ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
                    && m.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) status = 404;
            else return null;
            var mav = new org.springframework.web.servlet.ModelAndView("error");
            mav.setStatus(HttpStatus.valueOf(status));
            mav.addObject("status", status);
            mav.addObject("messageKey", messageKey(status));
            org.springframework.ui.ExtendedModelMap model = new org.springframework.ui.ExtendedModelMap();
            shell.addTo(model);
            mav.addAllObjects(model);
            return mav;
        }
    }
}
