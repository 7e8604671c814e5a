package io.chatrelay.presence.rest;

import io.chatrelay.presence.service.PresenceQueries;
import io.chatrelay.presence.service.UserPresence;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** {@code GET /api/presence?userIds=a,b,…}: online or offline (with last seen) for up to 200 users. */
@Path("/api/presence")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    private final PresenceQueries queries;

    public PresenceResource(PresenceQueries queries) {
        this.queries = queries;
    }

    @GET
    public Uni<List<UserPresence>> presence(@QueryParam("userIds") String userIds) {
        return queries.presenceOf(userIds);
    }
}
