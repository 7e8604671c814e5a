package io.chatrelay.message.rest;

import io.chatrelay.message.service.ReplayService;
import io.chatrelay.message.service.ServiceException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal API for the gateways (not forwarded from {@code /api}, like room-service's {@code /internal/rooms}):
 * the messages and receipt cursors a reconnecting device missed.
 */
@Path("/internal/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "internal")
public class ReplayResource {

    private final ReplayService replay;

    public ReplayResource(ReplayService replay) {
        this.replay = replay;
    }

    @POST
    @Path("/replay")
    @Operation(summary = "What a reconnecting device of userId missed",
            description = "Messages of the user's conversations with seq above the given position (listed "
                    + "conversations) or created after since (the others, only when since is given), ordered by "
                    + "conversation then seq, at most limit (truncated:true when more exist), plus the current "
                    + "receipt cursors of the other participants of those direct conversations.")
    public Uni<ReplayService.Replay> replay(ReplayRequest body) {
        if (body == null) {
            throw ServiceException.validation("a JSON body is required");
        }
        return replay.replay(body.userId(), body.conversations(), body.since(), body.limit());
    }
}
