package vn.truongson.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Problems;

/**
 * Every failure of the API as an RFC 9457 problem in the caller's language. Bad input is a 4xx naming the
 * field, never a 500; an unexpected error is a 500 that says nothing of the internals.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@Order(0)
class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private final Problems problems;

    ApiProblems(Problems problems) {
        this.problems = problems;
    }

    private ResponseEntity<ProblemDetail> answer(ProblemDetail p) {
        // The instance: the request's path (RFC 9457 §3.1.5), the one thing that tells two refusals apart.
        if (p.getInstance() == null
                && org.springframework.web.context.request.RequestContextHolder.getRequestAttributes() instanceof org.springframework.web.context.request.ServletRequestAttributes sra) {
            try {
                p.setInstance(java.net.URI.create(sra.getRequest().getRequestURI()));
            } catch (IllegalArgumentException ignored) {
                // A path that is no URI (refused earlier at the edge in practice): no instance.
            }
        }
        return ResponseEntity.status(p.getStatus()).contentType(Problems.PROBLEM_JSON).body(p);
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e, HttpServletRequest req) {
        Locale l = Problems.locale(req);
        if (e instanceof DomainException.BadInput b) return answer(problems.fieldProblem(b.errors(), l));
        return answer(problems.problem(HttpStatus.valueOf(e.status()), e.messageKey(), e.args(), l));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest req) {
        List<FieldError> errors = new ArrayList<>();
        for (var fe : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldError(fe.getField(), constraintKey(fe.getCode()), constraintArgs(fe)));
        }
        for (var ge : e.getBindingResult().getGlobalErrors()) errors.add(new FieldError(ge.getObjectName(), "problem.field.invalid"));
        return answer(problems.fieldProblem(errors, Problems.locale(req)));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParams(HandlerMethodValidationException e, HttpServletRequest req) {
        List<FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> errors.add(new FieldError(
                r.getMethodParameter().getParameterName() == null ? "parameter" : r.getMethodParameter().getParameterName(), "problem.field.invalid")));
        return answer(problems.fieldProblem(errors, Problems.locale(req)));
    }

    private static String constraintKey(String code) {
        return switch (code == null ? "" : code) {
            case "NotNull", "NotBlank", "NotEmpty" -> "problem.field.required";
            case "Size" -> "problem.field.size";
            case "Min", "Max", "Positive", "PositiveOrZero", "DecimalMin", "DecimalMax" -> "problem.field.range";
            case "Pattern", "Email" -> "problem.field.format";
            default -> "problem.field.invalid";
        };
    }

    private static Object[] constraintArgs(org.springframework.validation.FieldError fe) {
        Object[] args = fe.getArguments();
        if ("Size".equals(fe.getCode()) && args != null && args.length >= 3) return new Object[] {args[2], args[1]};
        return new Object[0];
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest req) {
        String field = "body";
        String key = "problem.json.malformed";
        Throwable c = e.getCause();
        while (c != null && !(c instanceof JacksonException)) c = c.getCause();
        if (c instanceof JacksonException je) {
            String path = pathOf(je);
            if (!path.isEmpty()) {
                field = path;
                String msg = String.valueOf(je.getOriginalMessage());
                if (msg.contains(TextInput.INVALID_TEXT)) key = vn.truongson.core.Inputs.TEXT_KEY;
                else if (msg.contains(TextInput.NUMBER_RANGE)) key = vn.truongson.core.Inputs.NUMBER_KEY;
                else if (msg.contains("control character")) key = "problem.text.control";
                else if (je instanceof tools.jackson.databind.exc.InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) key = "problem.field.enum";
                else key = "problem.field.type";
            }
        }
        return answer(problems.fieldProblem(List.of(new FieldError(field, key)), Problems.locale(req)));
    }

    private static boolean isClientAbort(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            if (name.equals("ClientAbortException") || name.equals("AsyncRequestNotUsableException")
                    || (c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains("Broken pipe"))) return true;
        }
        return false;
    }

    private static String pathOf(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!b.isEmpty()) b.append('.');
                b.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest req) {
        // A path id that is not a number names nothing: 404, as a missing or hidden record (issue 19, typed web input).
        if (e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
            return domain(new DomainException.NotFound(e.getName(), String.valueOf(e.getValue())), req);
        }
        String key = String.valueOf(e.getMostSpecificCause().getMessage()).contains(TextInput.INVALID_TEXT) ? vn.truongson.core.Inputs.TEXT_KEY : "problem.field.type";
        return answer(problems.fieldProblem(List.of(new FieldError(e.getName(), key)), Problems.locale(req)));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest req) {
        return answer(problems.fieldProblem(List.of(new FieldError(e.getParameterName(), "problem.field.required")), Problems.locale(req)));
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<ProblemDetail> missingPart(MissingServletRequestPartException e, HttpServletRequest req) {
        return answer(problems.fieldProblem(List.of(new FieldError(e.getRequestPartName(), "problem.field.required")), Problems.locale(req)));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest req) {
        return answer(problems.problem(HttpStatus.CONTENT_TOO_LARGE, "problem.upload.too-large", new Object[0], Problems.locale(req)));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
        return answer(problems.problem(HttpStatus.METHOD_NOT_ALLOWED, "problem.method", new Object[] {e.getMethod()}, Problems.locale(req)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest req) {
        return answer(problems.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "problem.media-type", new Object[] {String.valueOf(e.getContentType())}, Problems.locale(req)));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest req) {
        return answer(problems.problem(HttpStatus.NOT_FOUND, "problem.no-such-path", new Object[] {e.getResourcePath()}, Problems.locale(req)));
    }

    /** The client went away mid-answer (a closed connection): nothing to answer, nothing to alarm anyone with. */
    @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    void clientGone(Exception e, HttpServletRequest req) {
        log.debug("Client closed the connection during {} {}", req.getMethod(), req.getRequestURI());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest req) {
        if (isClientAbort(e)) {
            log.debug("Client closed the connection during {} {}", req.getMethod(), req.getRequestURI());
            return null;
        }
        String unavailable = PoolExhaustion.messageKey(e);
        if (unavailable != null) {
            // No connection free within the pool's timeout (an overload), or the database out of reach: 503 with Retry-After.
            log.warn("{} on {} {}: 503", unavailable, req.getMethod(), req.getRequestURI());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", Integer.toString(PoolExhaustion.RETRY_AFTER_SECONDS))
                    .contentType(Problems.PROBLEM_JSON).body(problems.problem(HttpStatus.SERVICE_UNAVAILABLE, unavailable,
                            new Object[] {PoolExhaustion.RETRY_AFTER_SECONDS}, Problems.locale(req)));
        }
        log.error("Unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
        return answer(problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "problem.internal", new Object[0], Problems.locale(req)));
    }
}
