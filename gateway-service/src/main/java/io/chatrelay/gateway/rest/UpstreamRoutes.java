package io.chatrelay.gateway.rest;

import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Which service owns which {@code /api} path prefix. */
@ApplicationScoped
public class UpstreamRoutes {

    @ConfigMapping(prefix = "gateway.upstream")
    public interface Upstreams {
        /** Base URL of message-service, e.g. http://message-service:8081 */
        URI messageService();

        URI presenceService();

        URI roomService();
    }

    private final Map<String, URI> byPrefix;

    public UpstreamRoutes(Upstreams upstreams) {
        this.byPrefix = Map.of(
                "/api/messages", upstreams.messageService(),
                "/api/presence", upstreams.presenceService(),
                "/api/rooms", upstreams.roomService());
    }

    public Optional<URI> upstreamFor(String path) {
        return byPrefix.entrySet().stream()
                .filter(route -> path.equals(route.getKey()) || path.startsWith(route.getKey() + "/"))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
