package io.chatrelay.message.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.chatrelay.message.service.ServiceException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Every error leaves the API as JSON {@code {"code","message"}}: bad input of any kind is a 400
 * {@code validation}, never a 500.
 */
public class ApiErrorMappers {

    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    @ServerExceptionMapper
    public RestResponse<ApiError> refused(ServiceException refused) {
        int status = switch (refused.code()) {
            case VALIDATION -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case INTERNAL -> 500;
        };
        return error(status, refused.code().wireName(), refused.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unreadableBody(JsonProcessingException unreadable) {
        return error(400, "validation", describe(unreadable));
    }

    /** Wrong JSON types; declared for this type so it wins over Quarkus' built-in mapper (an empty 400). */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public RestResponse<ApiError> mismatchedBody(MismatchedInputException mismatched) {
        return unreadableBody(mismatched);
    }

    /**
     * A key given again after every field of a body was seen ({@code {"receiverId":…,"roomId":…,"content":…,"type":…,
     * "clientMessageId":…,"content":…}}) fails in Jackson as a "definition" problem; it is bad input. Declared for this
     * type so it wins over Quarkus' built-in mapper (a 500 with an empty body).
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public RestResponse<ApiError> duplicateField(InvalidDefinitionException failure) {
        if (failure.getMessage() != null && failure.getMessage().contains("No fallback setter/field defined for creator property")) {
            return error(400, "validation", "a field of the body is given more than once");
        }
        return unexpected(failure);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public RestResponse<ApiError> unauthenticated(RuntimeException failure) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.UNAUTHORIZED,
                        new ApiError("unauthorized", "a valid bearer token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> forbidden(ForbiddenException forbidden) {
        return error(403, "forbidden", "not allowed");
    }

    /** Framework answers: unknown path (404), wrong method (405), wrong media type (415), unreadable body. */
    @ServerExceptionMapper
    public RestResponse<ApiError> framework(WebApplicationException failure) {
        if (failure.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableBody(unreadable);
        }
        Response response = failure.getResponse();
        int status = response == null ? 500 : response.getStatus();
        if (status >= 500) {
            return unexpected(failure);
        }
        String code = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            default -> "validation";
        };
        String reason = response.getStatusInfo().getReasonPhrase();
        return error(status, code, reason == null ? "request refused" : reason.toLowerCase());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Exception failure) {
        LOG.error("unexpected failure of a REST request", failure);
        return error(500, "internal", "unexpected server error, try again");
    }

    private static RestResponse<ApiError> error(int status, String code, String message) {
        return RestResponse.ResponseBuilder
                .create(RestResponse.Status.fromStatusCode(status), new ApiError(code, message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static String describe(JsonProcessingException unreadable) {
        if (unreadable instanceof JsonParseException || unreadable.getCause() instanceof JsonParseException) {
            return "malformed JSON";
        }
        if (unreadable instanceof JsonMappingException mapping && mapping.getPath().isEmpty()) {
            return "the body must be a JSON object";
        }
        if (unreadable instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String expected = mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? " (expected " + jsonType(mismatch.getTargetType()) + ")"
                    : "";
            return field + " has an invalid value" + expected;
        }
        return "the body is not valid for this request";
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
            return "an integer";
        }
        if (type == java.util.UUID.class) {
            return "a UUID string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
