package io.chatrelay.room.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as JSON {@code {code, message}} with a fitting status; bad input is never a 500. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException failure) {
        return error(failure.status(), failure.code(), failure.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException failure) {
        return error(400, "validation", "request body is not valid JSON");
    }

    /** Takes precedence over Quarkus' built-in mapper, which answers in another shape. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException failure) {
        String field = failure.getPath().isEmpty() ? "body" : failure.getPath().get(failure.getPath().size() - 1).getFieldName();
        return error(400, "validation", field + " has the wrong type");
    }

    /**
     * A key given twice for a one-field body ({@code {"userId":"a","userId":"b"}}) fails in Jackson as a "definition"
     * problem; it is bad input. Declared for this type (and before Quarkus' built-in mapper, a 500) to answer 400.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response duplicateField(InvalidDefinitionException failure) {
        if (failure.getMessage() != null && failure.getMessage().contains("No fallback setter/field defined for creator property")) {
            return error(400, "validation", "a field of the body is given more than once");
        }
        return unexpected(failure);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException failure) {
        return error(401, "unauthorized", "a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException failure) {
        return error(403, "forbidden", "not allowed");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", failure);
            return error(status, "internal", "internal error");
        }
        String code = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            default -> "validation";
        };
        return error(status, code, failure.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception failure) {
        LOG.error("request failed", failure);
        return error(500, "internal", "internal error");
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message)).build();
    }
}
