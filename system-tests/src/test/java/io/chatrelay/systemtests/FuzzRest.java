package io.chatrelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.chatrelay.systemtests.FuzzJson.field;
import static io.chatrelay.systemtests.FuzzJson.plain;

/**
 * Fuzzes the REST API on the gateway's origin ({@code /api/**} → message-, room- and presence-service): valid
 * requests of every endpoint, then mutated bodies (malformed JSON, wrong types, nulls, huge and deep values,
 * Unicode edge cases), wrong content types and methods, odd query and path parameters, missing, malformed and
 * forged tokens, and requests no well-behaved HTTP client would write (sent over a raw socket). Every answer
 * must come within {@link #ANSWER_WAIT} and be below 500; an error must be the documented JSON
 * {@code {"code","message"}}.
 */
final class FuzzRest implements Runnable {

    static final Duration ANSWER_WAIT = Duration.ofSeconds(20);

    /** Who the requests of one REST fuzz user are about. */
    record Targets(String self, String token, String otherUser, String ownRoom, String foreignRoom,
                   String forgedToken, String expiredToken, List<String> oddValidTokens) {
    }

    private record Request(String category, String method, String path, List<Map.Entry<String, String>> headers,
                           byte[] body, boolean raw) {
        String summary() {
            String text = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return " " + category + " " + method + " " + (path.length() > 160 ? path.substring(0, 160) + "…" : path)
                    + " " + headers.stream().map(h -> h.getKey() + ": " + abbreviate(h.getValue())).toList()
                    + " body(" + body.length + ")=" + text.replaceAll("[\\p{Cntrl}]", "?")
                    + (hasNul() ? " " + FuzzKnownIssues.HAS_NUL : "");
        }

        boolean hasNul() {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            return text.indexOf(0) >= 0 || text.toLowerCase(java.util.Locale.ROOT).contains("\\u0000")
                    || path.contains("%00");
        }
    }

    private static final String[] CATEGORIES = {"messages_send", "messages_delivered", "messages_read",
            "conversations", "direct_history", "room_history", "rooms_create", "rooms_list", "rooms_get",
            "rooms_add_member", "rooms_remove_member", "presence", "wrong_method", "content_type", "auth",
            "unknown_path", "raw_http", "huge_body"};
    private static final int[] WEIGHTS = {22, 8, 8, 5, 6, 4, 10, 3, 6, 6, 4, 8, 5, 6, 9, 4, 6, 1};
    private static final List<String> ODD_SEGMENTS = List.of("", " ", "%20", "%00", "%2F", "..", "%2e%2e", "a%2Fb",
            "x".repeat(200), "x".repeat(3000), "%E2%82%AC", "%C3%28", "%FF%FE", "%ED%A0%80", "null", "-1", "0", "1e9",
            "00000000-0000-0000-0000-000000000000", "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ", "%27%3B%20drop%20table%20rooms%3B--",
            "%22", "%7B%7D", "%F0%9F%98%80", "%EF%BF%BD", "%C0%AF", ";jsessionid=1", "a;b=c", "%25", "%2525");
    private static final List<String> ODD_NUMBERS = List.of("", "0", "1", "100", "101", "-1", "abc", "1.5",
            "99999999999", "9".repeat(30), "%00", "1%20", "%201", "0x10", "1e2", "%E2%82%AC", "-0", "+5", "NaN");
    private static final Set<Integer> ALLOWED_STATUS_CLASSES = Set.of(2, 3, 4);
    /** Answers of the services (and the gateway's routing), which docs/PROTOCOL.md says are JSON {code, message}. */
    private static final Set<Integer> API_ERRORS = Set.of(400, 401, 403, 404, 405, 415, 429);

    private final String name;
    private final Random random;
    private final int budget;
    private final FuzzRecord record;
    private final int port;
    private final Targets targets;
    private final long deadline;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int serial;
    private int sent;

    FuzzRest(String name, long seed, int budget, FuzzRecord record, int port, Targets targets, long deadline) {
        this.name = name;
        this.random = new Random(seed);
        this.budget = budget;
        this.record = record;
        this.port = port;
        this.targets = targets;
        this.deadline = deadline;
    }

    int sent() {
        return sent;
    }

    @Override
    public void run() {
        try {
            while (sent < budget && System.nanoTime() < deadline) {
                serial++;
                int pick = random.nextInt(sum());
                String category = CATEGORIES[index(pick)];
                send(generate(category));
                sent++;
            }
        } catch (RuntimeException | Error failure) {
            record.violation("worker crashed", name + ": " + failure);
            throw failure;
        }
    }

    // ------------------------------------------------------------------ generation

    private Request generate(String category) {
        return switch (category) {
            case "messages_send" -> post(category, "/api/messages", sendBody());
            case "messages_delivered" -> post(category, "/api/messages/delivered", deliveredBody());
            case "messages_read" -> post(category, "/api/messages/read", mutate(random.nextInt(4) == 0
                    ? List.of(field("roomId", plain(room()))) : List.of(field("otherUserId", plain(user())))));
            case "conversations" -> get(category, "/api/messages/conversations" + query("limit"));
            case "direct_history" -> get(category, "/api/messages/direct/" + segment(user()) + query("before", "limit"));
            case "room_history" -> get(category, "/api/messages/room/" + segment(room()) + query("before", "limit"));
            case "rooms_create" -> post(category, "/api/rooms", roomBody());
            case "rooms_list" -> get(category, "/api/rooms" + (random.nextBoolean() ? "" : query("limit", "x")));
            case "rooms_get" -> get(category, "/api/rooms/" + segment(room()));
            case "rooms_add_member" -> post(category, "/api/rooms/" + segment(room()) + "/members",
                    mutate(List.of(field("userId", plain("member-" + random.nextInt(20))))));
            case "rooms_remove_member" -> request(category, "DELETE", "/api/rooms/" + segment(room()) + "/members/"
                    + segment(random.nextBoolean() ? "member-" + random.nextInt(20) : targets.self()), json(), new byte[0]);
            case "presence" -> get(category, "/api/presence" + presenceQuery());
            case "wrong_method" -> wrongMethod();
            case "content_type" -> contentType();
            case "auth" -> auth();
            case "unknown_path" -> get(category, List.of("/api", "/api/", "/api/unknown", "/api/messagesX", "/api/messages/",
                    "/api/rooms/x/y/z", "/api//rooms", "/api/messages/direct", "/api/messages/direct/", "/api/presence/x",
                    "/api/messages/room", "/api/rooms/" + targets.ownRoom() + "/members", "/api/rooms/" + targets.ownRoom()
                            + "/members/", "/api/Messages", "/api/rooms/..", "/api/rooms/%2e%2e/%2e%2e/q/health")
                    .get(random.nextInt(16)));
            case "raw_http" -> rawHttp();
            default -> hugeBody();
        };
    }

    private Request post(String category, String path, String body) {
        return request(category, "POST", path, json(), body.getBytes(StandardCharsets.UTF_8));
    }

    private Request get(String category, String path) {
        return request(category, "GET", path, json(), new byte[0]);
    }

    private List<Map.Entry<String, String>> json() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Authorization", "Bearer " + targets.token()));
        headers.add(Map.entry("Content-Type", "application/json"));
        return headers;
    }

    private Request request(String category, String method, String path, List<Map.Entry<String, String>> headers, byte[] body) {
        return new Request(category, method, path, headers, body, false);
    }

    private String sendBody() {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(random.nextInt(4) == 0 ? field("roomId", plain(room())) : field("receiverId", plain(user())));
        int kind = random.nextInt(10);
        String type = kind < 7 ? "text" : kind == 7 ? "emoji" : kind == 8 ? "image" : "file";
        fields.add(field("content", plain(type.equals("image") || type.equals("file")
                ? "https://cdn.test/rest-" + serial : "rest-" + targets.self() + "-" + serial + (type.equals("emoji") ? "\ud83d\ude00" : ""))));
        if (!type.equals("text") || random.nextBoolean()) {
            fields.add(field("type", plain(type)));
        }
        if (random.nextBoolean()) {
            fields.add(field("clientMessageId", plain("r-" + targets.self() + "-" + (random.nextInt(8) == 0 ? 1 : serial))));
        }
        return mutate(fields);
    }

    private String deliveredBody() {
        if (random.nextBoolean()) {
            List<String> ids = new ArrayList<>();
            int count = List.of(0, 1, 3, 500, 501, 2000).get(random.nextInt(6));
            for (int i = 0; i < count; i++) {
                ids.add(plain(random.nextInt(10) == 0 ? "not-a-uuid" : UUID.randomUUID().toString()));
            }
            return mutate(List.of(field("messageIds", FuzzJson.arr(ids))));
        }
        return mutate(List.of(field("conversationId", plain(random.nextBoolean() ? "d-" + UUID.randomUUID() : "r-" + room())),
                field("upToSeq", Long.toString(random.nextInt(100)))));
    }

    private String roomBody() {
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            members.add(plain("member-" + random.nextInt(20)));
        }
        String name = switch (random.nextInt(6)) {
            case 0 -> "  padded room " + serial + "  ";
            case 1 -> "r".repeat(List.of(199, 200, 201).get(random.nextInt(3)));
            default -> "room " + targets.self() + " " + serial;
        };
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(field("name", plain(name)));
        if (!members.isEmpty() || random.nextBoolean()) {
            fields.add(field("memberIds", FuzzJson.arr(members)));
        }
        return mutate(fields);
    }

    /** The body as it is, or broken in one of the ways the socket frames are broken too. */
    private String mutate(List<Map.Entry<String, String>> valid) {
        List<Map.Entry<String, String>> fields = FuzzJson.copy(valid);
        int what = random.nextInt(14);
        int at = random.nextInt(fields.size());
        String key = fields.get(at).getKey();
        switch (what) {
            case 0, 1 -> {
                return FuzzJson.obj(fields, random);
            }
            case 2 -> fields.remove(at);
            case 3 -> fields.add(field(key, random.nextBoolean() ? FuzzJson.wrongType(random) : plain("dup-" + serial)));
            case 4 -> fields.set(at, field(key, FuzzJson.wrongType(random)));
            case 5 -> fields.set(at, field(key, "null"));
            case 6 -> fields.set(at, field(key, plain(FuzzJson.longText(List.of(127, 128, 129, 200, 201, 4000, 4001, 100_000)
                    .get(random.nextInt(8)), random, false))));
            case 7 -> fields.set(at, field(key, FuzzJson.str(FuzzJson.UNICODE.get(random.nextInt(FuzzJson.UNICODE.size()))
                    + (random.nextBoolean() ? "-" + serial : ""), random)));
            case 8 -> fields.set(at, field(key, FuzzJson.deep(List.of(10, 999, 1001, 5000, 10_000).get(random.nextInt(5)),
                    random.nextBoolean(), random.nextInt(4) != 0)));
            case 9 -> fields.set(at, field(key, random.nextBoolean() ? FuzzJson.number(random) : FuzzJson.notANumber(random)));
            case 10 -> {
                return FuzzJson.breakText(FuzzJson.obj(fields, random), random);
            }
            case 11 -> {
                return List.of("", " ", "null", "[]", "[{}]", "\"text\"", "42", "true", "{}", "{\"\":\"\"}",
                        FuzzJson.deep(10_000, false, true)).get(random.nextInt(11));
            }
            case 12 -> fields.add(field("__proto__", "{\"admin\":true}"));
            default -> {
                return FuzzJson.obj(fields, random) + FuzzJson.obj(fields, random);
            }
        }
        return FuzzJson.obj(fields, random);
    }

    private String user() {
        int pick = random.nextInt(12);
        if (pick == 0) {
            return targets.self();
        }
        if (pick == 1) {
            return FuzzJson.UNICODE.get(random.nextInt(FuzzJson.UNICODE.size()));
        }
        return pick < 6 ? targets.otherUser() : "ghost-" + random.nextInt(30);
    }

    private String room() {
        int pick = random.nextInt(10);
        return pick < 4 ? targets.ownRoom() : pick < 6 ? targets.foreignRoom() : pick < 8 ? UUID.randomUUID().toString()
                : "room-" + random.nextInt(5);
    }

    /** A path segment: the value percent-encoded, or one of the odd segments as they are. */
    private String segment(String value) {
        if (random.nextInt(3) == 0) {
            return ODD_SEGMENTS.get(random.nextInt(ODD_SEGMENTS.size()));
        }
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String query(String... names) {
        StringBuilder out = new StringBuilder();
        for (String parameter : names) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            out.append(out.isEmpty() ? "?" : "&").append(parameter).append('=')
                    .append(ODD_NUMBERS.get(random.nextInt(ODD_NUMBERS.size())));
            if (random.nextInt(6) == 0) {
                out.append('&').append(parameter).append('=').append(ODD_NUMBERS.get(random.nextInt(ODD_NUMBERS.size())));
            }
        }
        if (random.nextInt(8) == 0) {
            out.append(out.isEmpty() ? "?" : "&").append(List.of("limit", "=x", "&&&", "unknown=1", "x=" + "y".repeat(3000))
                    .get(random.nextInt(5)));
        }
        return out.toString();
    }

    private String presenceQuery() {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "?userIds=";
            case 2 -> "?userIds=" + ",".repeat(10);
            case 3 -> "?userIds=" + String.join(",", java.util.Collections.nCopies(201, "u" + random.nextInt(300)))
                    .replaceAll("u\\d+", "u" + random.nextInt(1000));
            case 4 -> "?userIds=" + "x".repeat(129);
            case 5 -> "?userIds=" + java.util.stream.IntStream.range(0, 201).mapToObj(i -> "u" + i)
                    .reduce((a, b) -> a + "," + b).orElseThrow();
            case 6 -> "?userIds=%E2%82%AC,%00,%C3%28";
            case 7 -> "?userIds=a&userIds=b";
            case 8 -> "?userIds=" + segment(user()) + "," + segment(user());
            default -> "?userIds=" + java.net.URLEncoder.encode(targets.otherUser(), StandardCharsets.UTF_8);
        };
    }

    private Request wrongMethod() {
        String method = List.of("PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "GET", "POST", "PROPFIND", "TRACE").get(random.nextInt(9));
        String path = List.of("/api/messages", "/api/messages/read", "/api/messages/delivered", "/api/messages/conversations",
                "/api/rooms", "/api/rooms/" + targets.ownRoom(), "/api/rooms/" + targets.ownRoom() + "/members",
                "/api/presence?userIds=a").get(random.nextInt(8));
        byte[] body = random.nextBoolean() ? "{\"x\":1}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new Request("wrong_method", method, path, json(), body, method.equals("PROPFIND") || method.equals("TRACE"));
    }

    private Request contentType() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Authorization", "Bearer " + targets.token()));
        String type = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json;charset=ISO-8859-1",
                "application/octet-stream", "", "*/*", "application/json, text/plain", "application/merge-patch+json",
                "json", "application/JSON", "text/json").get(random.nextInt(14));
        if (!type.isEmpty()) {
            headers.add(Map.entry("Content-Type", type));
        }
        if (random.nextInt(4) == 0) {
            headers.add(Map.entry("Accept", List.of("text/html", "application/xml", "image/png", "*/*;q=0").get(random.nextInt(4))));
        }
        String path = List.of("/api/messages", "/api/rooms", "/api/messages/read", "/api/messages/delivered",
                "/api/rooms/" + targets.ownRoom() + "/members").get(random.nextInt(5));
        String body = switch (random.nextInt(4)) {
            case 0 -> "receiverId=" + targets.otherUser() + "&content=form";
            case 1 -> "<message><content>xml</content></message>";
            case 2 -> "--x\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nmultipart\r\n--x--\r\n";
            default -> "{\"receiverId\":\"" + targets.otherUser() + "\",\"content\":\"ctype-" + serial
                    + "\",\"name\":\"ctype room " + serial + "\",\"otherUserId\":\"" + targets.otherUser() + "\"}";
        };
        if (path.endsWith("/members") && type.startsWith("text/plain")) {
            record.knownGarbageMembers.put(body, FuzzKnownIssues.PLAIN_TEXT_MEMBER);
        }
        return new Request("content_type", random.nextInt(5) == 0 ? "PUT" : "POST", path, headers,
                body.getBytes(StandardCharsets.UTF_8), false);
    }

    private Request auth() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        String authorization = switch (random.nextInt(16)) {
            case 0 -> null;
            case 1 -> "Bearer";
            case 2 -> "Bearer ";
            case 3 -> "Bearer garbage";
            case 4 -> "Bearer a.b.c";
            case 5 -> "Bearer " + targets.forgedToken();
            case 6 -> "Bearer " + targets.expiredToken();
            case 7 -> "Basic dXNlcjpwYXNz";
            case 8 -> "bearer " + targets.token();
            case 9 -> "Bearer  " + targets.token() + "  ";
            case 10 -> "Bearer " + targets.token() + "x";
            case 11 -> "Bearer " + targets.token().substring(0, targets.token().length() / 2);
            case 12 -> "Bearer " + "A".repeat(6000);
            case 13 -> "Bearer " + targets.token() + ", Bearer " + targets.forgedToken();
            case 14 -> "Bearer " + targets.oddValidTokens().get(random.nextInt(targets.oddValidTokens().size()));
            default -> "Token " + targets.token();
        };
        if (authorization != null) {
            headers.add(Map.entry("Authorization", authorization));
        }
        if (random.nextInt(6) == 0) {
            headers.add(Map.entry("Authorization", "Bearer " + targets.forgedToken()));
        }
        return switch (random.nextInt(6)) {
            case 0 -> new Request("auth", "POST", "/api/messages", headers, ("{\"receiverId\":\"" + targets.otherUser()
                    + "\",\"content\":\"auth-" + serial + "\"}").getBytes(StandardCharsets.UTF_8), false);
            case 1 -> new Request("auth", "POST", "/api/rooms", headers, ("{\"name\":\"auth room " + serial + "\"}")
                    .getBytes(StandardCharsets.UTF_8), false);
            case 2 -> new Request("auth", "GET", "/api/presence?userIds=" + targets.otherUser(), headers, new byte[0], false);
            case 3 -> new Request("auth", "GET", "/api/rooms/" + targets.ownRoom(), headers, new byte[0], false);
            case 4 -> new Request("auth", "POST", "/api/messages/read", headers,
                    ("{\"otherUserId\":\"" + targets.otherUser() + "\"}").getBytes(StandardCharsets.UTF_8), false);
            default -> new Request("auth", "GET", "/api/messages/conversations", headers, new byte[0], false);
        };
    }

    /** Requests a strict HTTP client refuses to write: sent byte for byte over a socket. */
    private Request rawHttp() {
        List<Map.Entry<String, String>> headers = json();
        String path = List.of("/api/rooms/%ZZ", "/api/rooms/%", "/api/messages/direct/%G0", "/api/rooms/{}", "/api/rooms/|",
                "/api/rooms/^x", "/api/presence?userIds=%ZZ", "/api/presence?userIds=%", "/api/../api/rooms", "/api/./rooms",
                "//api/rooms", "/api/rooms#frag", "/API/rooms", "/api/messages/direct/\u00e9t\u00e9", "/api/messages/direct/a\"b",
                "/api/messages/conversations?limit=%ZZ", "/api/messages/direct/x?before=%", "/api/rooms/\\..\\").get(random.nextInt(18));
        byte[] body = new byte[0];
        String method = "GET";
        switch (random.nextInt(6)) {
            case 0 -> headers.add(Map.entry("X-Odd", "caf\u00e9 \u0000 bytes"));
            case 1 -> {
                method = "POST";
                path = "/api/messages";
                headers.add(Map.entry("Transfer-Encoding", "chunked"));
                body = "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            }
            case 2 -> {
                method = "POST";
                path = "/api/rooms";
                body = "{\"name\":\"raw\"}".getBytes(StandardCharsets.UTF_8);
                headers.add(Map.entry("Content-Length", Integer.toString(body.length)));
                headers.add(Map.entry("Content-Length", Integer.toString(body.length + 3)));
            }
            case 3 -> headers.add(Map.entry("X-Huge", "h".repeat(20_000)));
            default -> {
                // the odd path alone
            }
        }
        return new Request("raw_http", method, path, headers, body, true);
    }

    private Request hugeBody() {
        int size = List.of(100_000, 1_000_000, 3_000_000, 11_000_000).get(random.nextInt(4));
        String path = List.of("/api/messages", "/api/rooms", "/api/messages/delivered").get(random.nextInt(3));
        StringBuilder body = new StringBuilder(size + 64);
        switch (random.nextInt(3)) {
            case 0 -> body.append("{\"receiverId\":\"").append(targets.otherUser()).append("\",\"name\":\"")
                    .append("n".repeat(size)).append("\",\"content\":\"").append("c".repeat(size)).append("\"}");
            case 1 -> {
                body.append("{\"messageIds\":[");
                while (body.length() < size) {
                    body.append('"').append(UUID.randomUUID()).append("\",");
                }
                body.append("\"x\"]}");
            }
            default -> body.append("[".repeat(size / 2)).append("]".repeat(size / 2));
        }
        return post("huge_body", path, body.toString());
    }

    // ------------------------------------------------------------------ sending and judging

    private void send(Request request) {
        recordValid(request);
        HttpRequest built = request.raw() ? null : build(request);
        if (built == null && !request.raw()) {
            // java.net.http refuses to write it: send it as it is
            request = new Request(request.category(), request.method(), request.path(), request.headers(), request.body(), true);
        }
        long start = System.nanoTime();
        int status;
        String body;
        try {
            if (request.raw()) {
                String[] answer = sendRaw(request);
                status = Integer.parseInt(answer[0]);
                body = answer[1];
            } else {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                body = response.body();
            }
        } catch (HttpTimeoutException | java.net.SocketTimeoutException timedOut) {
            record.violation("hang", name + ": no REST answer within " + ANSWER_WAIT.toSeconds() + " s to " + request.summary());
            return;
        } catch (IOException | NumberFormatException failure) {
            record.count("rest." + request.category() + ".connection_error");
            if (!request.category().equals("huge_body") && !request.category().equals("raw_http")) {
                record.violation("REST connection failed", name + ": " + failure + " for " + request.summary());
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        record.count("rest.requests");
        record.count("time.rest." + request.category() + "_ms", (System.nanoTime() - start) / 1_000_000);
        record.count("rest." + request.category() + "." + status);
        if (!ALLOWED_STATUS_CLASSES.contains(status / 100)) {
            record.violation("REST " + status, name + ": " + status + " " + abbreviate(body) + " for " + request.summary());
            return;
        }
        if (API_ERRORS.contains(status) && !request.raw() && !request.method().equals("HEAD") && !documentedError(body)) {
            record.violation("REST error body not {code,message}", name + ": " + status + " " + abbreviate(body)
                    + " for " + request.summary());
        } else if (status >= 400 && !documentedError(body)) {
            // refused by the HTTP layer before any API (413 body too large, 414, 431, malformed requests): no JSON promised
            record.count("rest.http_layer_refusals." + status);
        }
        if ((status == 200 || status == 201) && !request.method().equals("HEAD") && !request.method().equals("OPTIONS")
                && !isJson(body)) {
            record.violation("REST 2xx without a JSON body", name + ": " + status + " body(" + body.length() + " bytes) "
                    + abbreviate(body) + " for " + request.summary());
        }
        if ((status == 200 || status == 201) && request.category().matches("messages_send|content_type|auth")
                && request.path().equals("/api/messages") && request.method().equals("POST")) {
            JsonNode message = FuzzOracle.jsonObject(body);
            if (message != null && message.hasNonNull("id")) {
                record.acknowledgedMessageIds.add(message.path("id").asText());
            }
        }
    }

    /** What a request may store, as the oracle reads it: valid sends, valid room names, named members. */
    private void recordValid(Request request) {
        if (!request.method().equals("POST")) {
            return;
        }
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (FuzzOracle.utf8(request.body()) == null) {
            return;
        }
        if (request.path().equals("/api/messages")) {
            FuzzOracle.SendKey valid = FuzzOracle.validRestSend(targets.self(), body);
            if (valid != null) {
                record.validSends.add(valid);
                record.count("rest.valid_sends");
            }
            FuzzOracle.SendKey degraded = FuzzOracle.degradedRestSend(targets.self(), body);
            if (degraded != null) {
                record.knownGarbageSends.put(degraded, FuzzKnownIssues.LONE_SURROGATE_STORED);
            }
        } else if (request.path().equals("/api/rooms")) {
            String roomName = FuzzOracle.validRoomName(body);
            if (roomName != null) {
                record.validRoomNames.add(targets.self() + "\n" + roomName);
                record.count("rest.valid_room_creations");
            }
            FuzzOracle.memberIdsOf(body, record.namedMembers);
            JsonNode root = FuzzOracle.jsonObject(body);
            if (root != null && root.path("name").isTextual() && !FuzzOracle.wellFormed(root.path("name").textValue())) {
                record.knownGarbageRoomNames.put(targets.self() + "\n" + FuzzOracle.degraded(root.path("name").textValue()).strip(),
                        FuzzKnownIssues.LONE_SURROGATE_STORED);
            }
            FuzzOracle.coercibleScalars(body, "name").forEach(name ->
                    record.knownGarbageRoomNames.put(targets.self() + "\n" + name.strip(), FuzzKnownIssues.COERCED));
            knownGarbageMembers(body, "memberIds");
        } else if (request.path().endsWith("/members")) {
            FuzzOracle.memberIdsOf(body, record.namedMembers);
            knownGarbageMembers(body, "userId");
        }
    }

    private void knownGarbageMembers(String body, String field) {
        JsonNode root = FuzzOracle.jsonObject(body);
        if (root != null) {
            JsonNode value = root.path(field);
            (value.isArray() ? value : JSON.createArrayNode().add(value)).forEach(member -> {
                if (member.isTextual() && !FuzzOracle.wellFormed(member.textValue())) {
                    record.knownGarbageMembers.put(FuzzOracle.degraded(member.textValue()), FuzzKnownIssues.LONE_SURROGATE_STORED);
                }
            });
        }
        FuzzOracle.coercibleScalars(body, field).forEach(member ->
                record.knownGarbageMembers.put(member, FuzzKnownIssues.COERCED));
    }

    /** @return the request for java.net.http, or null when it refuses the URI, a header or the method */
    private HttpRequest build(Request request) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
                    .timeout(ANSWER_WAIT)
                    .method(request.method(), request.body().length == 0 && !request.method().equals("POST")
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(header -> builder.header(header.getKey(), header.getValue()));
            return builder.build();
        } catch (IllegalArgumentException refused) {
            return null;
        }
    }

    /** @return {status, body} of a request written byte for byte ({@code Connection: close}, read to the end) */
    private String[] sendRaw(Request request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) ANSWER_WAIT.toMillis());
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write((request.method() + " " + request.path() + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n").getBytes(StandardCharsets.UTF_8));
            boolean hasLength = false;
            for (Map.Entry<String, String> header : request.headers()) {
                head.write((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
                hasLength |= header.getKey().equalsIgnoreCase("Content-Length") || header.getKey().equalsIgnoreCase("Transfer-Encoding");
            }
            if (!hasLength && request.body().length > 0) {
                head.write(("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            head.write("\r\n".getBytes(StandardCharsets.UTF_8));
            head.write(request.body());
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0 && answer.size() < 256 * 1024) {
                answer.write(buffer, 0, read);
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.")) {
                throw new IOException("no HTTP answer: " + abbreviate(text));
            }
            String status = text.substring(9, 12);
            int bodyStart = text.indexOf("\r\n\r\n");
            String body = bodyStart < 0 ? "" : new String(answer.toByteArray(), bodyStart + 4,
                    answer.size() - bodyStart - 4, StandardCharsets.UTF_8);
            if (text.toLowerCase().contains("transfer-encoding: chunked") && bodyStart >= 0) {
                body = dechunk(body);
            }
            return new String[]{status, body};
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int position = 0;
        while (position < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", position);
            if (lineEnd < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(chunked.substring(position, lineEnd).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.append(chunked, start, Math.min(chunked.length(), start + size));
            position = start + size + 2;
        }
        return out.toString();
    }

    private static boolean isJson(String body) {
        try {
            return body != null && !body.isBlank() && JSON.readTree(body) != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** docs/PROTOCOL.md: "Errors are always JSON {"code": "...", "message": "..."}". */
    private static boolean documentedError(String body) {
        JsonNode error = FuzzOracle.jsonObject(body);
        return error != null && error.path("code").isTextual() && error.path("message").isTextual();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static int sum() {
        int total = 0;
        for (int weight : WEIGHTS) {
            total += weight;
        }
        return total;
    }

    private static int index(int pick) {
        for (int i = 0; i < WEIGHTS.length; i++) {
            if (pick < WEIGHTS[i]) {
                return i;
            }
            pick -= WEIGHTS[i];
        }
        return WEIGHTS.length - 1;
    }

    /** The request categories with their weights (for the report). */
    static Map<String, Integer> weights() {
        Map<String, Integer> weights = new java.util.LinkedHashMap<>();
        for (int i = 0; i < CATEGORIES.length; i++) {
            weights.put(CATEGORIES[i], WEIGHTS[i]);
        }
        return weights;
    }
}
