package io.chatrelay.systemtests;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The four services, each its own JVM on a test port, started once for all system tests of a class. */
final class RunningSuite implements AutoCloseable {

    static final int GATEWAY_PORT = Integer.getInteger("system.gateway.port", 18080);
    static final int MESSAGE_PORT = Integer.getInteger("system.message.port", 18081);
    static final int PRESENCE_PORT = Integer.getInteger("system.presence.port", 18082);
    static final int ROOM_PORT = Integer.getInteger("system.room.port", 18083);

    private final List<ServiceProcess> services;

    private RunningSuite(List<ServiceProcess> services) {
        this.services = services;
    }

    static RunningSuite start() {
        List<ServiceProcess> services = List.of(
                ServiceProcess.start("message-service", MESSAGE_PORT),
                ServiceProcess.start("presence-service", PRESENCE_PORT),
                ServiceProcess.start("room-service", ROOM_PORT),
                ServiceProcess.start("gateway-service", GATEWAY_PORT));
        RunningSuite suite = new RunningSuite(services);
        try {
            services.forEach(service -> service.awaitReady(Duration.ofSeconds(90)));
        } catch (RuntimeException notReady) {
            suite.close();
            throw notReady;
        }
        return suite;
    }

    List<ServiceProcess> services() {
        return services;
    }

    URI gatewayWs() {
        return URI.create("ws://localhost:" + GATEWAY_PORT + "/ws");
    }

    @Override
    public void close() {
        services.forEach(ServiceProcess::close);
    }
}
