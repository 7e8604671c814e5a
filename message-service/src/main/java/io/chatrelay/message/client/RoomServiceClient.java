package io.chatrelay.message.client;

import io.chatrelay.contracts.room.RoomMembership;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * room-service's internal membership API: the snapshot the room replica reloads on a version gap or for a
 * room it has not seen yet. Base URL: {@code quarkus.rest-client.room-service.url} ({@code ROOM_SERVICE_URL}).
 */
@RegisterRestClient(configKey = "room-service")
@Path("/internal/rooms")
public interface RoomServiceClient {

    /** Fails with a {@code WebApplicationException} of status 404 for a room room-service does not know. */
    @GET
    @Path("/{roomId}/membership")
    Uni<RoomMembership> membership(@PathParam("roomId") String roomId);
}
