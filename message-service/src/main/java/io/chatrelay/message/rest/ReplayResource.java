package io.chatrelay.message.rest;

import io.chatrelay.message.service.ReplayService;
import io.chatrelay.message.service.ServiceException;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Internal API for the gateways (not forwarded from {@code /api}, like room-service's {@code /internal/rooms}):
 * the messages and receipt cursors a reconnecting device missed.
 */
@Path("/internal/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "internal")
public class ReplayResource {

    /** Gateways send up to 64 per call; the cap only bounds one request's work. */
    static final int MAX_QUERIES = 256;

    private static final Logger LOG = Logger.getLogger(ReplayResource.class);

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

    /**
     * Many devices' replays in one call: a gateway gathers the resumes that come while its earlier calls are in
     * flight (a reconnect storm brings thousands a second), so each costs one HTTP exchange per batch, not per device.
     * Answers come in the order of the queries; a query that fails has an {@code error} and does not fail the others.
     * The single {@code /replay} stays for gateways of earlier versions.
     */
    @POST
    @Path("/replays")
    @Operation(summary = "Replays of many reconnecting devices, in the order of the queries",
            description = "Each answer is {replay} as POST /replay would return it, or {error: {code, message}}.")
    public Uni<List<ReplayOutcome>> replays(List<ReplayRequest> queries) {
        if (queries == null || queries.isEmpty() || queries.size() > MAX_QUERIES) {
            throw ServiceException.validation("a JSON array of 1 to " + MAX_QUERIES + " replay queries is required");
        }
        List<Uni<ReplayOutcome>> outcomes = queries.stream().map(this::outcome).toList();
        return Uni.join().all(outcomes).andFailFast();
    }

    private Uni<ReplayOutcome> outcome(ReplayRequest query) {
        if (query == null) {
            return Uni.createFrom().item(new ReplayOutcome(null, new ApiError("validation", "a query is null")));
        }
        return replay.replay(query.userId(), query.conversations(), query.since(), query.limit())
                .map(found -> new ReplayOutcome(found, null))
                .onFailure().recoverWithItem(failure -> new ReplayOutcome(null, errorOf(query, failure)));
    }

    private static ApiError errorOf(ReplayRequest query, Throwable failure) {
        if (failure instanceof ServiceException refused) {
            return new ApiError(refused.code().wireName(), refused.getMessage());
        }
        LOG.warnf("replay for %s failed: %s", query.userId(), failure.toString());
        return new ApiError("internal", "the replay failed");
    }
}
