package io.chatrelay.room.rest;

import io.chatrelay.contracts.room.RoomMembership;
import io.chatrelay.room.service.RoomService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Service-to-service: the membership snapshot gateways and message-service load before applying
 * {@code room.events}. Not under /api, so the gateway never exposes it; keep it cluster-internal.
 */
@Path("/internal/rooms")
@Produces(MediaType.APPLICATION_JSON)
public class MembershipResource {

    private final RoomService rooms;

    public MembershipResource(RoomService rooms) {
        this.rooms = rooms;
    }

    @GET
    @Path("/{roomId}/membership")
    public Uni<RoomMembership> membership(@PathParam("roomId") String roomId) {
        return rooms.membership(roomId);
    }
}
