package io.chatrelay.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A service with tracing switched on, as operators switch it on: the {@code tracing} profile. */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test,tracing";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // no collector runs here: spans are made and propagated, exporting is off
        return Map.of("quarkus.otel.traces.exporter", "none");
    }
}
