package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.message.ChatMessage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** message-service's internal replay API: what reconnecting devices missed. */
@RegisterRestClient(configKey = "message-service")
@Path("/internal/messages")
public interface MessageServiceClient {

    /** {@code conversations}: conversation id → last seq seen; {@code since} covers the unlisted ones. */
    @RegisterForReflection
    record ReplayQuery(String userId, Map<String, Long> conversations, Instant since, Integer limit) {
    }

    /** A receipt cursor of the other participant of a direct conversation. */
    @RegisterForReflection
    record Cursor(String conversationId, String userId, long deliveredSeq, Instant deliveredAt, long readSeq,
                  Instant readAt) {
    }

    /** Messages ordered by conversation then seq; {@code truncated}: more exist, page them over REST. */
    @RegisterForReflection
    record Replay(List<ChatMessage> messages, boolean truncated, List<Cursor> cursors) {
    }

    /** One answer of {@link #replays}: the replay, or why the query got none. */
    @RegisterForReflection
    record ReplayOutcome(Replay replay, Failure error) {
    }

    @RegisterForReflection
    record Failure(String code, String message) {
    }

    /** Many devices' replays in one call, answered in the order of the queries (see {@link ReplayBatcher}). */
    @POST
    @Path("/replays")
    Uni<List<ReplayOutcome>> replays(List<ReplayQuery> queries);
}
