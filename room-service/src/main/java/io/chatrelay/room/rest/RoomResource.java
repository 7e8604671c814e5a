package io.chatrelay.room.rest;

import io.chatrelay.room.mapping.RoomViews.RoomDetails;
import io.chatrelay.room.mapping.RoomViews.RoomSummary;
import io.chatrelay.room.service.RoomService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

@Path("/api/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RoomResource {

    public record CreateRoom(String name, List<String> memberIds) {
    }

    public record AddMember(String userId) {
    }

    private final RoomService rooms;
    private final JsonWebToken caller;

    public RoomResource(RoomService rooms, JsonWebToken caller) {
        this.rooms = rooms;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(CreateRoom request) {
        if (request == null) {
            throw ApiException.validation("a JSON body {name, memberIds?} is required");
        }
        return rooms.create(caller.getSubject(), request.name(), request.memberIds())
                .map(room -> Response.status(201).entity(room).build());
    }

    @GET
    public Uni<List<RoomSummary>> mine() {
        return rooms.roomsOf(caller.getSubject());
    }

    @GET
    @Path("/{roomId}")
    public Uni<RoomDetails> get(@PathParam("roomId") String roomId) {
        return rooms.roomFor(caller.getSubject(), roomId);
    }

    @POST
    @Path("/{roomId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RoomDetails> addMember(@PathParam("roomId") String roomId, AddMember request) {
        if (request == null) {
            throw ApiException.validation("a JSON body {userId} is required");
        }
        return rooms.addMember(caller.getSubject(), roomId, request.userId());
    }

    @DELETE
    @Path("/{roomId}/members/{userId}")
    public Uni<Response> removeMember(@PathParam("roomId") String roomId, @PathParam("userId") String userId) {
        return rooms.removeMember(caller.getSubject(), roomId, userId).map(done -> Response.noContent().build());
    }
}
