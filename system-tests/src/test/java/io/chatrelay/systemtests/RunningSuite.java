package io.chatrelay.systemtests;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The four services, each its own JVM on a test port. {@link #shared()} starts them once for all system
 * tests of the run and stops them when the test JVM exits; tests that kill or restart services start
 * their own with {@link #start()}.
 */
final class RunningSuite implements AutoCloseable {

    private static RunningSuite shared;

    static final int GATEWAY_PORT = Integer.getInteger("system.gateway.port", 18080);
    static final int MESSAGE_PORT = Integer.getInteger("system.message.port", 18081);
    static final int PRESENCE_PORT = Integer.getInteger("system.presence.port", 18082);
    static final int ROOM_PORT = Integer.getInteger("system.room.port", 18083);

    private final List<ServiceProcess> services;

    private RunningSuite(List<ServiceProcess> services) {
        this.services = new ArrayList<>(services);
    }

    static synchronized RunningSuite shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-system-test-services"));
        }
        return shared;
    }

    static RunningSuite start() {
        List<ServiceProcess> services = List.of(
                ServiceProcess.start("message-service", MESSAGE_PORT),
                ServiceProcess.start("presence-service", PRESENCE_PORT),
                ServiceProcess.start("room-service", ROOM_PORT),
                ServiceProcess.start("gateway-service", GATEWAY_PORT));
        RunningSuite suite = new RunningSuite(services);
        try {
            services.forEach(service -> service.awaitReady(Duration.ofSeconds(180)));
        } catch (RuntimeException notReady) {
            suite.close();
            throw notReady;
        }
        return suite;
    }

    synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** The running process of {@code service} (the one the gateway's REST calls go to). */
    synchronized ServiceProcess service(String service) {
        return services.stream().filter(candidate -> candidate.name().equals(service)).findFirst().orElseThrow();
    }

    /** Kills {@code service} with SIGKILL, starts it again on its port and waits until it is ready. */
    synchronized void killAndRestart(String service) {
        ServiceProcess dead = service(service);
        dead.kill();
        ServiceProcess restarted = ServiceProcess.start(service, dead.port());
        services.set(services.indexOf(dead), restarted);
        restarted.awaitReady(Duration.ofSeconds(180));
    }

    URI gatewayWs() {
        return URI.create("ws://localhost:" + GATEWAY_PORT + "/ws");
    }

    @Override
    public void close() {
        services.forEach(ServiceProcess::close);
    }
}
