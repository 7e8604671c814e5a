package io.chatrelay.message.rest;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.message.service.ConversationService;
import io.chatrelay.message.service.ConversationSummary;
import io.chatrelay.message.service.CursorService;
import io.chatrelay.message.service.MessagePage;
import io.chatrelay.message.service.MessageService;
import io.chatrelay.message.service.ServiceException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Messages over HTTP for the authenticated user (the token's subject): send, receipts, history. */
@Path("/api/messages")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
@APIResponse(responseCode = "400", description = "Invalid input",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class MessageResource {

    private final JsonWebToken token;
    private final MessageService messages;
    private final CursorService cursors;
    private final ConversationService conversations;

    public MessageResource(JsonWebToken token, MessageService messages, CursorService cursors,
                           ConversationService conversations) {
        this.token = token;
        this.messages = messages;
        this.cursors = cursors;
        this.conversations = conversations;
    }

    @POST
    @Operation(summary = "Send a direct message (receiverId) or a room message (roomId)",
            description = "Exactly one of receiverId and roomId; a room sender must be a member. Stored and published "
                    + "to the gateways (message_stored) before the answer. A clientMessageId the caller used before "
                    + "returns the first message with 200 and stores nothing.")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(schema = @Schema(implementation = ChatMessage.class)))
    @APIResponse(responseCode = "200", description = "Repeated clientMessageId: the message stored the first time",
            content = @Content(schema = @Schema(implementation = ChatMessage.class)))
    @APIResponse(responseCode = "403", description = "Not a member of roomId",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Unknown roomId",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<RestResponse<ChatMessage>> send(SendMessageRequest body) {
        SendMessageRequest request = required(body);
        return messages.send(userId(), request.receiverId(), request.roomId(), request.type(), request.content(),
                        request.clientMessageId())
                .map(stored -> stored.duplicate()
                        ? RestResponse.ok(stored.message())
                        : RestResponse.status(RestResponse.Status.CREATED, stored.message()));
    }

    @POST
    @Path("/delivered")
    @Operation(summary = "Mark messages delivered to the caller",
            description = "Either {messageIds} (up to 500; only messages the caller received count) or "
                    + "{conversationId, upToSeq}. Returns the delivered cursors that moved.")
    @APIResponse(responseCode = "200", description = "The cursors that moved (empty when none did)")
    @APIResponse(responseCode = "403", description = "Not a participant of conversationId",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Unknown conversationId",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<DeliveredResponse> delivered(DeliveredRequest body) {
        DeliveredRequest request = required(body);
        return cursors.markDelivered(userId(), request.messageIds(), request.conversationId(), request.upToSeq())
                .map(moved -> new DeliveredResponse(moved.stream()
                        .map(position -> new DeliveredResponse.Cursor(position.conversationId(), position.upToSeq()))
                        .toList()));
    }

    @POST
    @Path("/read")
    @Operation(summary = "Mark everything so far as read (mark_messages_read)",
            description = "{otherUserId}: what the other user wrote in the direct conversation; {roomId}: the room's "
                    + "messages (the caller must be a member).")
    @APIResponse(responseCode = "200", description = "The caller's read cursor after the call")
    @APIResponse(responseCode = "403", description = "Not a member of roomId",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No conversation with that user, or unknown roomId",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<ReadCursor> read(ReadRequest body) {
        ReadRequest request = required(body);
        return cursors.markConversationRead(userId(), request.otherUserId(), request.roomId())
                .map(position -> new ReadCursor(position.conversationId(), position.upToSeq()));
    }

    @GET
    @Path("/conversations")
    @Operation(summary = "The caller's direct conversations and rooms, latest activity first",
            description = "A room nobody wrote in yet is listed by its creation, with lastMessage null.")
    @APIResponse(responseCode = "200", description = "Conversations with their last message and unread count")
    public Uni<List<ConversationSummary>> conversations(
            @Parameter(description = "1..100, default 50") @QueryParam("limit") String limit) {
        return conversations.conversationsOf(userId(), QueryParams.optionalInt("limit", limit));
    }

    @GET
    @Path("/direct/{userId}")
    @Operation(summary = "A page of the caller's conversation with userId, newest first",
            description = "Pass nextBefore as before to get the next (older) page; nextBefore is null on the last "
                    + "page.")
    @APIResponse(responseCode = "200", description = "A page of messages with their status for the receiver")
    public Uni<MessagePage> direct(
            @PathParam("userId") String otherUserId,
            @Parameter(description = "only messages with seq below this") @QueryParam("before") String before,
            @Parameter(description = "1..100, default 50") @QueryParam("limit") String limit) {
        return conversations.history(userId(), otherUserId, QueryParams.optionalLong("before", before),
                QueryParams.optionalInt("limit", limit));
    }

    @GET
    @Path("/room/{roomId}")
    @Operation(summary = "A page of a room the caller is a member of, newest first",
            description = "Pass nextBefore as before to get the next (older) page; nextBefore is null on the last "
                    + "page. Room messages have status sent (no per-member receipts).")
    @APIResponse(responseCode = "200", description = "A page of messages")
    @APIResponse(responseCode = "403", description = "Not (or no longer) a member of the room",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Unknown room",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<MessagePage> room(
            @PathParam("roomId") String roomId,
            @Parameter(description = "only messages with seq below this") @QueryParam("before") String before,
            @Parameter(description = "1..100, default 50") @QueryParam("limit") String limit) {
        return conversations.roomHistory(userId(), roomId, QueryParams.optionalLong("before", before),
                QueryParams.optionalInt("limit", limit));
    }

    /** The user is the token's subject; a token without one authenticates nobody. */
    private String userId() {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new UnauthorizedException("the token has no subject");
        }
        return subject;
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ServiceException.validation("a JSON body is required");
        }
        return body;
    }
}
