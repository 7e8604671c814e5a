package io.chatrelay.presence.rest;

import io.chatrelay.presence.service.ValidationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as JSON bodies, 401 included (authentication runs when a resource needs it, not before). */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response validation(ValidationException invalid) {
        return json(Response.Status.BAD_REQUEST, new ApiError("validation", invalid.getMessage()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException failure) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unauthorized", "a valid bearer token is required"))
                .build();
    }

    /**
     * The framework's own answers (unknown path 404, wrong method 405, 406, 415) are JSON too, not Quarkus' HTML
     * page: docs/PROTOCOL.md promises {@code {"code","message"}} for every error.
     */
    @ServerExceptionMapper
    public Response framework(WebApplicationException failure) {
        int status = failure.getResponse() == null ? 500 : failure.getResponse().getStatus();
        String code = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            default -> status >= 500 ? "internal" : "validation";
        };
        Response.StatusType info = Response.Status.fromStatusCode(status);
        String message = info == null ? "request refused" : info.getReasonPhrase().toLowerCase();
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message)).build();
    }

    private static Response json(Response.Status status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
