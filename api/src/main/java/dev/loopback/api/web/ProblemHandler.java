package dev.loopback.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.loopback.activities.access.ForbiddenGrantException;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The one place errors become problem details. Client mistakes are 4xx with the field named, never 500. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiAccessException.class)
  ResponseEntity<Object> access(ApiAccessException e, WebRequest request) {
    HttpHeaders headers = new HttpHeaders();
    if (e.problem().getStatus() == HttpStatus.UNAUTHORIZED.value()) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"loopback\"");
    }
    return respond(e.problem(), headers, request);
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<Object> notFound(NotFoundException e, WebRequest request) {
    return respond(Problems.notFound(e.getMessage()), request);
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<Object> conflict(ConflictException e, WebRequest request) {
    return respond(Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage()), request);
  }

  @ExceptionHandler(InvalidFieldException.class)
  ResponseEntity<Object> invalidField(InvalidFieldException e, WebRequest request) {
    return respond(Problems.invalidField(e.field(), e.getMessage()), request);
  }

  @ExceptionHandler(ForbiddenGrantException.class)
  ResponseEntity<Object> forbiddenGrant(ForbiddenGrantException e, WebRequest request) {
    return respond(Problems.forbidden(e.getMessage()), request);
  }

  @ExceptionHandler(PayloadTooLargeException.class)
  ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException e, WebRequest request) {
    return respond(Problems.payloadTooLarge(e), request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> badPathOrQuery(MethodArgumentTypeMismatchException e, WebRequest request) {
    String expected = e.getRequiredType() == null ? "a valid value" : "a valid " + e.getRequiredType().getSimpleName();
    return respond(Problems.invalidField(e.getName(), e.getName() + " must be " + expected + ", got '" + e.getValue() + "'"), request);
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<Object> integrity(DataIntegrityViolationException e, WebRequest request) {
    log.warn("integrity violation", e);
    return respond(Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", "the change conflicts with existing data"), request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
    log.error("unhandled error", e);
    return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
        "an unexpected error occurred; quote the request id when reporting it"), request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
        .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
        .collect(Collectors.toList());
    return respond(Problems.invalidFields(errors), request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PayloadTooLargeException tooLarge) {
        return respond(Problems.payloadTooLarge(tooLarge), request);
      }
    }
    return respond(unreadable(e.getCause()), request);
  }

  /** Names the field for mapping errors; for syntax errors says where the JSON broke. */
  private static ProblemDetail unreadable(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return Problems.invalidField(unknown.getPropertyName(), "unknown field '" + unknown.getPropertyName() + "'");
    }
    if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      Throwable root = mapping;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String reason = root instanceof IllegalArgumentException ? root.getMessage() : "has the wrong type or format";
      if (mapping instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
        String message = invalid.getOriginalMessage();
        reason = "'" + invalid.getValue() + "' is not accepted; use one of " + message.substring(message.lastIndexOf('[')).trim();
      }
      return Problems.invalidField(field, field + ": " + reason);
    }
    if (cause instanceof JsonProcessingException json && json.getLocation() != null) {
      return Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
          "the body is not valid JSON (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")");
    }
    return Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", "the request body is missing or not valid JSON");
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      decorate(problem, request);
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
    return respond(problem, new HttpHeaders(), request);
  }

  private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
    decorate(problem, request);
    return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
  }

  private static void decorate(ProblemDetail problem, WebRequest request) {
    if (request instanceof ServletWebRequest servlet) {
      HttpServletRequest http = servlet.getRequest();
      problem.setInstance(URI.create(http.getRequestURI()));
      problem.setProperty("requestId", RequestIdFilter.of(http));
    }
  }
}
