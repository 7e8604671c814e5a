package io.chatrelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.systemtests.FuzzFrames.FuzzFrame;
import io.chatrelay.systemtests.FuzzOracle.Verdict;
import io.chatrelay.systemtests.FuzzSocket.ServerFrame;
import io.vertx.core.http.WebSocketClient;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Drives one fuzz user's socket: sends its generator's frames, asks the oracle what each one obliges the server
 * to do, and checks it happened in bounded time — every acknowledgement asked for arrives (within
 * {@link #ANSWER_WAIT}), a probe every {@link #PROBE_EVERY} frames is answered, the socket closes exactly when
 * the oracle says so and with the documented code, and nothing is answered that should not be. A socket that
 * was closed is opened again and the fuzzing goes on.
 */
final class FuzzSocketWorker implements Runnable {

    /** The gateway waits up to 10 s for message-service (gateway.store-timeout); every answer comes before this. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(20);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final int PROBE_EVERY = 40;
    /**
     * Acknowledgements a socket may wait for at once. Valid sends queue in message-service behind everyone else's (it
     * reads message.commands one record at a time): a fuzz socket with many sends in flight would measure the machine's
     * throughput, not how bad input is handled, and delay the canaries for reasons that have nothing to do with it.
     */
    private static final int MAX_PENDING = 4;
    /** An internal error within this many frames of one carrying U+0000 is marked so in the report (diagnostics). */
    private static final int NUL_BLAME_WINDOW = 64;
    static final String STORE_TIMEOUT = "not confirmed in time";
    /** The gateway's answer when room-service did not answer a membership lookup within 5 s (a slow dependency). */
    static final String MEMBERSHIP_TIMEOUT = "room membership is unavailable";
    private static final long PROBE_ACK_BASE = 7_000_000_000L;

    private static final java.util.Set<String> KNOWN_EVENTS = java.util.Set.of("send_direct_message", "send_room_message",
            "send_message", "mark_messages_read", "join_room", "leave_room", "typing_start", "typing_stop", "refresh_token");

    /** An acknowledgement asked for; {@code release} gives back the message-service permit it may hold (once). */
    private record Pending(long ackId, CompletableFuture<ServerFrame> answer, long sentAt, String frame, Runnable release) {
    }

    private final String name;
    private final FuzzSocket.Protocol protocol;
    private final boolean beforeConnect;
    private final FuzzFrames.Targets targets;
    private final FuzzFrames frames;
    private final Random random;
    private final int budget;
    private final FuzzRecord record;
    private final WebSocketClient client;
    private final int port;
    private final long deadline;
    private final String label;
    private final Deque<Pending> pending = new ArrayDeque<>();
    /**
     * Shared by all fuzz sockets: how many of their commands may wait in message-service at once. It reads
     * message.commands one record at a time, so every command queued there delays every user's messages; the fuzzing
     * is about bad input, not about how much the pipeline takes, so it keeps its share of that queue small.
     */
    private final Semaphore toMessageService;
    private final Map<Long, String> askedBy = new ConcurrentHashMap<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private FuzzSocket socket;
    private FuzzOracle.SocketIoState state = new FuzzOracle.SocketIoState();
    private long probes = PROBE_ACK_BASE;
    private int sent;
    private volatile int lastNulFrame = -NUL_BLAME_WINDOW;

    FuzzSocketWorker(String name, FuzzSocket.Protocol protocol, boolean beforeConnect, FuzzFrames.Targets targets,
                     long seed, int budget, FuzzRecord record, WebSocketClient client, int port, long deadline,
                     Semaphore toMessageService) {
        this.name = name;
        this.protocol = protocol;
        this.beforeConnect = beforeConnect;
        this.targets = targets;
        this.random = new Random(seed);
        this.frames = new FuzzFrames(new Random(seed ^ 0x5DEECE66DL), protocol, targets, beforeConnect);
        this.budget = budget;
        this.record = record;
        this.client = client;
        this.port = port;
        this.deadline = deadline;
        this.toMessageService = toMessageService;
        this.label = beforeConnect ? "socket_io_before_connect" : protocol == FuzzSocket.Protocol.NATIVE ? "native" : "socket_io";
    }

    int sent() {
        return sent;
    }

    @Override
    public void run() {
        try {
            if (beforeConnect) {
                runBeforeConnect();
            } else {
                runConnected();
            }
        } catch (RuntimeException | Error failure) {
            record.violation("worker crashed", name + ": " + failure + " after " + recent);
            throw failure;
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    private void runConnected() {
        long started = System.nanoTime();
        open();
        int sinceProbe = 0;
        while (sent < budget && System.nanoTime() < deadline) {
            sendOne(frames.next());
            if (++sinceProbe >= PROBE_EVERY) {
                sinceProbe = 0;
                probe();
            }
        }
        drain();
        probe();
        record.count("time." + label + ".total_ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Socket.IO sockets that have not sent CONNECT: every frame is refused with CONNECT_ERROR (never executed,
     * never answered as an event), bad tokens are refused, and a valid CONNECT afterwards works.
     */
    private void runBeforeConnect() {
        while (sent < budget && System.nanoTime() < deadline) {
            openUnconnected();
            int junk = 5 + random.nextInt(40);
            for (int i = 0; i < junk && sent < budget && socket.isOpen(); i++) {
                sendOne(frames.next());
            }
            if (!socket.isOpen()) {
                continue;
            }
            connect(socket);
            state.connected = true;
            probe();
            if (random.nextBoolean()) {
                sendFrame(FuzzFrame.text("disconnect", "41"));
                expectClose(1000, "41 after CONNECT");
            } else {
                socket.close();
            }
        }
    }

    private void sendOne(FuzzFrame frame) {
        Verdict verdict = protocol == FuzzSocket.Protocol.NATIVE
                ? FuzzOracle.nativeFrame(frame.payload(), frame.binary())
                : FuzzOracle.socketIoFrame(frame.payload(), frame.binary(), state);
        if (verdict.closes()) {
            drain(); // nothing asked before may be lost with the socket
        }
        while (pending.size() >= MAX_PENDING) {
            awaitOldest();
        }
        String summary = frame.summary();
        if (verdict.ackId() != null && socket.isOpen()) {
            Runnable release = reachesMessageService(verdict) ? acquirePermit() : () -> {
            };
            CompletableFuture<ServerFrame> answer = socket.expectAck(verdict.ackId());
            answer.whenComplete((answered, failed) -> release.run());
            askedBy.put(verdict.ackId(), summary);
            pending.add(new Pending(verdict.ackId(), answer, System.nanoTime(), summary, release));
        }
        if (verdict.command() != null) {
            String event = verdict.command().event();
            record.count("commands." + label + "." + (KNOWN_EVENTS.contains(event) ? event : "unknown_event"));
            FuzzOracle.SendKey valid = FuzzOracle.validSend(targets.self(), verdict.command());
            if (valid != null) {
                record.validSends.add(valid);
                record.count("commands." + label + ".valid_sends");
            }
        }
        if (verdict.connectToken() != null) {
            record.count("frames." + label + ".connect_attempts");
        }
        if (frame.hasNul()) {
            lastNulFrame = sent;
        }
        sendFrame(frame);
        record.count("frames." + label + "." + frame.category());
        record.count("frames.total");
        sent++;
        if (verdict.closes()) {
            expectClose(verdict.closeCode(), summary);
        } else if (!socket.isOpen()) {
            unexpectedClose();
        }
    }

    /** A valid send or a read receipt: the gateway hands it to message-service. */
    private boolean reachesMessageService(Verdict verdict) {
        return verdict.command() != null && (FuzzOracle.validSend(targets.self(), verdict.command()) != null
                || "mark_messages_read".equals(verdict.command().event()));
    }

    /** @return what gives the permit back, at most once */
    private Runnable acquirePermit() {
        long start = System.nanoTime();
        boolean acquired;
        try {
            acquired = toMessageService.tryAcquire(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        record.count("time." + label + ".waiting_for_message_service_share_ms", (System.nanoTime() - start) / 1_000_000);
        if (!acquired) {
            record.count("acks." + label + ".sent_without_a_message_service_permit");
            return () -> {
            };
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                toMessageService.release();
            }
        };
    }

    private void sendFrame(FuzzFrame frame) {
        remember(frame.summary());
        if (frame.binary()) {
            socket.sendBinary(frame.payload());
        } else if (frame.fragments() > 1) {
            socket.sendFragmented(frame.payload(), frame.fragments());
        } else {
            socket.sendTextBytes(frame.payload());
        }
    }

    private void remember(String summary) {
        recent.addLast(summary.length() > 240 ? summary.substring(0, 240) + "…" : summary);
        if (recent.size() > 6) {
            recent.removeFirst();
        }
    }

    /** Waits for the oldest outstanding acknowledgement, at most until {@link #ANSWER_WAIT} after its frame was sent. */
    private void awaitOldest() {
        Pending oldest = pending.pollFirst();
        if (oldest == null) {
            return;
        }
        long waitStart = System.nanoTime();
        try {
            awaitAnswer(oldest);
        } finally {
            record.count("time." + label + ".waiting_for_acks_ms", (System.nanoTime() - waitStart) / 1_000_000);
        }
    }

    private void awaitAnswer(Pending oldest) {
        long left = oldest.sentAt() + ANSWER_WAIT.toNanos() - System.nanoTime();
        try {
            CompletableFuture.anyOf(oldest.answer(), socket.closed()).get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (Exception timedOut) {
            // judged below
        }
        if (oldest.answer().isDone()) {
            return;
        }
        socket.forgetAck(oldest.ackId());
        oldest.release().run();
        if (!socket.isOpen()) {
            record.count("acks." + label + ".lost_with_closed_socket");
            return;
        }
        record.violation("no answer in time", name + ": ack " + oldest.ackId() + " not answered within "
                + ANSWER_WAIT.toSeconds() + " s for " + oldest.frame());
    }

    private void drain() {
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }

    /** A command that is always answered at once: the socket still reads and answers frames. */
    private void probe() {
        if (!socket.isOpen()) {
            unexpectedClose();
        }
        long ackId = probes++;
        CompletableFuture<ServerFrame> answer = socket.expectAck(ackId);
        String frame = protocol == FuzzSocket.Protocol.NATIVE
                ? "{\"event\":\"leave_room\",\"data\":{\"roomId\":\"probe\"},\"ack\":" + ackId + "}"
                : "42" + ackId + "[\"leave_room\",{\"roomId\":\"probe\"}]";
        long start = System.nanoTime();
        socket.sendText(frame);
        record.count("probes." + label);
        try {
            CompletableFuture.anyOf(answer, socket.closed()).get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            // judged below
        }
        if (answer.isDone()) {
            record.count("probes." + label + ".answered");
            record.count("probes." + label + ".total_millis", (System.nanoTime() - start) / 1_000_000);
            return;
        }
        socket.forgetAck(ackId);
        if (!socket.isOpen()) {
            unexpectedClose();
            return;
        }
        record.violation("hang", name + ": probe not answered within " + ANSWER_WAIT.toSeconds() + " s after " + recent);
        reopen();
    }

    /**
     * The socket must close with {@code code}. For a frame over the limit the server answers 1009 as soon as it has
     * read the frame's header and closes; a client still writing the rest of its frame then often gets the TCP reset
     * before the close frame, which it sees as no close code at all (-1, a browser's 1006): counted apart.
     */
    private void expectClose(int code, String frame) {
        Integer closed = socket.awaitClose(CLOSE_WAIT);
        if (closed == null) {
            record.violation("hang", name + ": socket not closed within " + CLOSE_WAIT.toSeconds()
                    + " s (expected " + code + ") after " + frame);
        } else {
            record.count("closes." + label + "." + (code == 1009 && closed == -1 ? "-1_reset_after_oversize" : closed));
            if (closed != code && !(code == 1009 && closed == -1)) {
                record.violation("wrong close code", name + ": " + closed + " \"" + socket.closeReason()
                        + "\" instead of " + code + " after " + frame);
            }
        }
        pending.forEach(lost -> lost.release().run());
        pending.clear();
        reopen();
    }

    private void unexpectedClose() {
        Integer code = socket.closeCode();
        record.count("closes." + label + "." + code);
        String details = name + ": closed with " + code + " \"" + socket.closeReason() + "\" after " + recent;
        if (code != null && (code == 1008 || code == 1013)) {
            record.violation("closed by a limit (documented code, unexpected here)", details);
        } else {
            record.violation("closed unexpectedly", details);
        }
        pending.forEach(lost -> {
            record.count("acks." + label + ".lost_with_closed_socket");
            lost.release().run();
        });
        pending.clear();
        reopen();
    }

    private void reopen() {
        long start = System.nanoTime();
        try {
            reopenNow();
        } finally {
            record.count("time." + label + ".reconnecting_ms", (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void reopenNow() {
        if (socket != null) {
            socket.close();
        }
        record.count("reconnects." + label);
        if (beforeConnect) {
            openUnconnected();
        } else {
            open();
        }
    }

    private void open() {
        state = new FuzzOracle.SocketIoState();
        if (protocol == FuzzSocket.Protocol.NATIVE) {
            socket = FuzzSocket.connect(client, port, "/ws?access_token=" + targets.ownToken(), protocol, this::received);
            return;
        }
        socket = FuzzSocket.connect(client, port, "/socket.io/?EIO=4&transport=websocket", protocol, this::received);
        connect(socket);
        state.connected = true;
    }

    private void openUnconnected() {
        state = new FuzzOracle.SocketIoState();
        socket = FuzzSocket.connect(client, port, "/socket.io/?EIO=4&transport=websocket", protocol, this::received);
    }

    /** Sends CONNECT with the user's token until the server answers {@code 40{sid}} (a bad CONNECT may still be checked). */
    private void connect(FuzzSocket target) {
        for (int attempt = 0; attempt < 20; attempt++) {
            CompletableFuture<ServerFrame> connected = new CompletableFuture<>();
            connecting = connected;
            target.sendText("40{\"token\":\"" + targets.ownToken() + "\"}");
            try {
                connected.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (Exception notYet) {
                if (!target.isOpen()) {
                    throw new IllegalStateException(name + ": socket closed while connecting: " + target.closeCode());
                }
                // a previous CONNECT was still being checked ("already connected to /"): try again
            } finally {
                connecting = null;
            }
            sleep(200);
        }
        record.violation("hang", name + ": CONNECT with a valid token not answered with 40{sid}");
    }

    private volatile CompletableFuture<ServerFrame> connecting;

    private void received(FuzzSocket from, ServerFrame frame) {
        String kind = frame.kind();
        switch (kind) {
            case "event" -> {
                String event = frame.event();
                JsonNode data = frame.data();
                if ("message_error".equals(event)) {
                    String code = data.path("code").asText("?");
                    record.count("answers." + label + ".message_error." + code);
                    if ("internal".equals(code) && isDependencyTimeout(data.path("message").asText())) {
                        record.count("answers." + label + ".dependency_timeouts");
                    } else if ("internal".equals(code)) {
                        record.violation("internal error", name + ": message_error " + data + " after " + recent
                                + (sent - lastNulFrame <= NUL_BLAME_WINDOW ? " " + FuzzKnownIssues.HAS_NUL : ""));
                    }
                } else {
                    record.count("answers." + label + ".event." + event);
                    if ("message_sent".equals(event) && data.hasNonNull("id")) {
                        record.acknowledgedMessageIds.add(data.path("id").asText());
                    }
                }
                if (beforeConnect && !from.isConnected()) {
                    record.violation("answered before CONNECT", name + ": " + frame.raw());
                }
            }
            case "ack" -> {
                JsonNode data = frame.data();
                String asked = askedBy.remove(frame.ackId());
                if (data != null && data.path("ok").asBoolean(false)) {
                    record.count("answers." + label + ".ack.ok");
                    if (data.path("message").hasNonNull("id")) {
                        record.acknowledgedMessageIds.add(data.path("message").path("id").asText());
                    }
                } else {
                    String code = data == null ? "?" : data.path("error").path("code").asText("?");
                    record.count("answers." + label + ".ack.failed." + code);
                    if ("internal".equals(code) && isDependencyTimeout(data.path("error").path("message").asText())) {
                        record.count("answers." + label + ".dependency_timeouts");
                    } else if ("internal".equals(code)) {
                        record.violation("internal error", name + ": " + data + " for " + (asked != null ? asked : recent));
                    }
                }
                if (beforeConnect && !from.isConnected()) {
                    record.violation("answered before CONNECT", name + ": " + frame.raw());
                }
            }
            case "connected" -> {
                record.count("answers." + label + ".connected");
                CompletableFuture<ServerFrame> waiting = connecting;
                if (waiting != null) {
                    waiting.complete(frame);
                }
            }
            case "connect_error" -> {
                String message = frame.data().path("message").asText();
                record.count("answers." + label + ".connect_error." + (message.equals("unauthorized") || message.equals("Invalid namespace")
                        ? message : "refusal"));
            }
            case "unreadable" -> record.violation("unreadable server frame", name + ": " + frame.raw());
            default -> record.count("answers." + label + "." + kind);
        }
    }

    /**
     * The documented "try again" answers for a dependency that did not answer in time (message-service within
     * gateway.store-timeout, room-service within 5 s): on a machine this busy they are load, not bad input.
     */
    static boolean isDependencyTimeout(String message) {
        return message.contains(STORE_TIMEOUT) || message.contains(MEMBERSHIP_TIMEOUT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
