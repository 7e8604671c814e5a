package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.room.RoomMembership;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** room-service's internal membership API: the snapshot a gateway starts from before applying room events. */
@RegisterRestClient(configKey = "room-service")
@Path("/internal/rooms")
public interface RoomServiceClient {

    @GET
    @Path("/{roomId}/membership")
    Uni<RoomMembership> membership(@PathParam("roomId") String roomId);
}
