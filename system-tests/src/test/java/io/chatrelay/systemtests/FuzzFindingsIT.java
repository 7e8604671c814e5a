package io.chatrelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.systemtests.FuzzSocket.ServerFrame;
import io.chatrelay.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Minimal reproductions of what {@link FuzzIT} found. The fixed ones guard their fix; the open ones are disabled
 * with the id of their {@link FuzzKnownIssues} entry: enable the test with the fix and remove the entry.
 */
class FuzzFindingsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Vertx vertx;
    private static WebSocketClient client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String alice = "finding-a-" + UUID.randomUUID();
    private final String bob = "finding-b-" + UUID.randomUUID();

    @BeforeAll
    static void startSuite() {
        RunningSuite.shared();
        vertx = Vertx.vertx();
        client = FuzzSocket.client(vertx);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    // ------------------------------------------------------------------ fixed

    /** Fixed in 71adfa3: the U+FFFD of a leniently decoded frame was stored. */
    @Test
    void aSocketIoFrameThatIsNotUtf8IsRefusedAndNothingIsStored() throws Exception {
        List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        try (FuzzSocket socket = socketIo(alice, frames)) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(("425[\"send_direct_message\",{\"receiverId\":\"" + bob + "\",\"content\":\"a").getBytes(StandardCharsets.UTF_8));
            frame.write(0xff);
            frame.write("b\"}]".getBytes(StandardCharsets.UTF_8));
            socket.sendTextBytes(frame.toByteArray());

            assertEquals("frame is not valid UTF-8", awaitEvent(frames, "message_error").path("message").asText());
            assertTrue(socket.isOpen());
            assertEquals(0, storedMessagesFrom(alice));
        }
    }

    /** Fixed in 8715fb5: "\ud800" in a frame was stored as '?'. */
    @Test
    void jsonEscapesOfUnpairedSurrogatesAreRefusedOnBothProtocols() throws Exception {
        List<ServerFrame> nativeFrames = new CopyOnWriteArrayList<>();
        List<ServerFrame> socketIoFrames = new CopyOnWriteArrayList<>();
        try (FuzzSocket nativeSocket = FuzzSocket.connect(client, RunningSuite.GATEWAY_PORT,
                "/ws?access_token=" + TestTokens.forUser(alice), FuzzSocket.Protocol.NATIVE, (socket, frame) -> nativeFrames.add(frame));
             FuzzSocket socketIo = socketIo(alice, socketIoFrames)) {
            nativeSocket.sendText("{\"event\":\"send_direct_message\",\"ack\":1,\"data\":{\"receiverId\":\"" + bob
                    + "\",\"content\":\"x\\ud800y\",\"clientMessageId\":\"\\udc00\"}}");
            socketIo.sendText("421[\"send_direct_message\",{\"receiverId\":\"" + bob + "\",\"content\":\"\\ude00x\"}]");

            assertTrue(awaitEvent(nativeFrames, "message_error").path("message").asText().startsWith("frame is not valid UTF-8"));
            assertTrue(awaitEvent(socketIoFrames, "message_error").path("message").asText().startsWith("frame is not valid UTF-8"));
            nativeSocket.sendText("{\"event\":\"send_direct_message\",\"ack\":2,\"data\":{\"receiverId\":\"" + bob
                    + "\",\"content\":\"a pair is fine: \\ud83d\\ude00\"}}");
            assertTrue(nativeSocket.expectAck(2).get(WAIT.toSeconds(), TimeUnit.SECONDS).data().path("ok").asBoolean());
            assertEquals(1, storedMessagesFrom(alice), "only the well-formed message");
        }
    }

    /** Fixed in 2efe0b9: Jackson's InvalidDefinitionException became a 500 with an empty body. */
    @Test
    void aKeyGivenTwiceInAOneFieldBodyIs400() throws Exception {
        HttpResponse<String> answer = post(alice, "/api/rooms/" + UUID.randomUUID() + "/members", "{\"userId\":\"a\",\"userId\":\"b\"}");
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("validation", FuzzOracle.jsonObject(answer.body()).path("code").asText());
    }

    /** Fixed in 0f4254c: the same, for POST /api/messages once all five fields were seen. */
    @Test
    void aKeyGivenAgainAfterAllFieldsOfAMessageIs400() throws Exception {
        HttpResponse<String> answer = post(alice, "/api/messages", "{\"receiverId\":\"" + bob + "\",\"roomId\":null,"
                + "\"content\":\"a\",\"type\":\"text\",\"clientMessageId\":\"c-1\",\"content\":\"again\"}");
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("validation", FuzzOracle.jsonObject(answer.body()).path("code").asText());
    }

    /** Fixed in b6af748: Quarkus' HTML "Resource not found" page. */
    @Test
    void presenceAnswersUnknownPathsWithTheDocumentedJsonError() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway("/api/presence/x"))
                .header("Authorization", "Bearer " + TestTokens.forUser(alice)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, answer.statusCode());
        assertEquals("not_found", FuzzOracle.jsonObject(answer.body()).path("code").asText(), answer.body());
    }

    // ------------------------------------------------------------------ fixed on 2026-11-26 (K3–K7 of the first run)

    @Test
    void aPlainTextBodyDoesNotAddAMember() throws Exception {
        String room = FuzzOracle.jsonObject(post(alice, "/api/rooms", "{\"name\":\"k7\"}").body()).path("id").asText();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway("/api/rooms/" + room + "/members"))
                .header("Authorization", "Bearer " + TestTokens.forUser(alice))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("mallory was here")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, answer.statusCode(), answer.body());
    }


    /**
     * Fixed on 2026-11-26 (FuzzIT seed 5280255440095744827): room-service answered a client that accepts only XML with
     * 201 and the room's Java toString() as the body. Every REST answer is JSON, or 406 with a JSON error.
     */
    @Test
    void aClientThatAcceptsOnlyXmlGetsA406WithAJsonErrorNotAJavaString() throws Exception {
        for (String path : List.of("/api/rooms", "/api/messages")) {
            String body = path.equals("/api/rooms") ? "{\"name\":\"xml\"}" : "{\"receiverId\":\"" + bob + "\",\"content\":\"x\"}";
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway(path))
                    .header("Authorization", "Bearer " + TestTokens.forUser(alice))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(406, answer.statusCode(), path + ": " + answer.body());
            assertFalse(FuzzOracle.jsonObject(answer.body()).path("code").asText().isBlank(), path + ": " + answer.body());
        }
        assertEquals(0, storedMessagesFrom(alice));
    }

    /**
     * Fixed in 716cc96: U+0000 reached PostgreSQL, which refuses it: sockets got internal, REST 500; room-service even
     * published room_created before its insert failed, and message-service's room replica stalled on that event.
     */
    @Test
    void contentWithU0000IsAValidationErrorNotAnInternalOne() throws Exception {
        List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        try (FuzzSocket socket = FuzzSocket.connect(client, RunningSuite.GATEWAY_PORT, "/ws?access_token=" + TestTokens.forUser(alice),
                FuzzSocket.Protocol.NATIVE, (from, frame) -> frames.add(frame))) {
            socket.sendText("{\"event\":\"send_direct_message\",\"ack\":1,\"data\":{\"receiverId\":\"" + bob + "\",\"content\":\"a\\u0000b\"}}");
            JsonNode ack = socket.expectAck(1).get(WAIT.toSeconds(), TimeUnit.SECONDS).data();
            assertEquals("validation", ack.path("error").path("code").asText(), ack.toString());
        }
        HttpResponse<String> answer = post(alice, "/api/messages", "{\"receiverId\":\"" + bob + "\",\"content\":\"a\\u0000b\"}");
        assertEquals(400, answer.statusCode(), answer.body());
        answer = post(alice, "/api/messages", "{\"receiverId\":\"x\\u0000y\",\"content\":\"ab\"}");
        assertEquals(400, answer.statusCode(), answer.body());
        answer = post(alice, "/api/messages/read", "{\"roomId\":\"\\u0000\"}");
        assertTrue(answer.statusCode() < 500, answer.statusCode() + " " + answer.body());
        assertEquals(0, storedMessagesFrom(alice));
    }

    /** Fixed in 716cc96 (see above). */
    @Test
    void aRoomNameOrMemberWithU0000Is400() throws Exception {
        assertEquals(400, post(alice, "/api/rooms", "{\"name\":\"a\\u0000b\"}").statusCode());
        assertEquals(400, post(alice, "/api/rooms", "{\"name\":\"ok\",\"memberIds\":[\"x\\u0000\"]}").statusCode());
        String room = FuzzOracle.jsonObject(post(alice, "/api/rooms", "{\"name\":\"nul\"}").body()).path("id").asText();
        assertEquals(400, post(alice, "/api/rooms/" + room + "/members", "{\"userId\":\"x\\u0000\"}").statusCode());
    }

    @Test
    void restRefusesUnpairedSurrogatesInsteadOfStoringQuestionMarks() throws Exception {
        HttpResponse<String> message = post(alice, "/api/messages", "{\"receiverId\":\"" + bob + "\",\"content\":\"x\\ud800y\"}");
        assertEquals(400, message.statusCode(), message.body());
        assertEquals(0, storedMessagesFrom(alice));
        HttpResponse<String> room = post(alice, "/api/rooms", "{\"name\":\"x\\udc00\"}");
        assertEquals(400, room.statusCode(), room.body());
    }

    @Test
    void aRoomNameOfTheWrongJsonTypeIs400() throws Exception {
        assertEquals(400, post(alice, "/api/rooms", "{\"name\":42}").statusCode());
        assertEquals(400, post(alice, "/api/rooms", "{\"name\":\"ok\",\"memberIds\":[7]}").statusCode());
    }

    @Test
    void aBodyOverTheServicesLimitIs413ThroughTheGatewayEveryTime() throws Exception {
        String body = "{\"name\":\"" + "n".repeat(11_000_000) + "\"}";
        for (int i = 0; i < 3; i++) {
            assertEquals(413, post(alice, "/api/rooms", body).statusCode());
        }
    }

    @Test
    void aLargerPageOfHistoryArrivesWholeThroughTheGateway() throws Exception {
        for (int i = 0; i < 12; i++) {
            assertEquals(201, post(alice, "/api/messages", "{\"receiverId\":\"" + bob + "\",\"content\":\"" + "c".repeat(3000) + "\"}")
                    .statusCode());
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(gateway("/api/messages/direct/" + bob + "?limit=50"))
                .header("Authorization", "Bearer " + TestTokens.forUser(alice)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        JsonNode messages = FuzzOracle.jsonObject(page.body());
        assertTrue(messages != null, "an empty or broken body: " + page.body().length() + " characters");
        assertEquals(12, messages.path("messages").size());
    }

    // ------------------------------------------------------------------ helpers

    private FuzzSocket socketIo(String user, List<ServerFrame> frames) throws Exception {
        FuzzSocket socket = FuzzSocket.connect(client, RunningSuite.GATEWAY_PORT, "/socket.io/?EIO=4&transport=websocket",
                FuzzSocket.Protocol.SOCKET_IO, (from, frame) -> frames.add(frame));
        socket.sendText("40{\"token\":\"" + TestTokens.forUser(user) + "\"}");
        assertEquals("connected", socket.connectAnswer().get(WAIT.toSeconds(), TimeUnit.SECONDS).kind());
        return socket;
    }

    private static JsonNode awaitEvent(List<ServerFrame> frames, String event) {
        await().atMost(WAIT).until(() -> frames.stream().anyMatch(frame -> event.equals(frame.event())));
        return frames.stream().filter(frame -> event.equals(frame.event())).findFirst().orElseThrow().data();
    }

    private HttpResponse<String> post(String user, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + TestTokens.forUser(user))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI gateway(String path) {
        return URI.create("http://localhost:" + RunningSuite.GATEWAY_PORT + path);
    }

    /** Messages stored from {@code sender}, after the pipeline had time to store anything it accepted. */
    private static long storedMessagesFrom(String sender) throws SQLException, InterruptedException {
        Thread.sleep(1500);
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + Integer.getInteger("pg.port", 5432)
                + "/message_db", "message_svc", "message_svc");
             PreparedStatement query = connection.prepareStatement("select count(*) from messages where sender_id = ?")) {
            query.setString(1, sender);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
