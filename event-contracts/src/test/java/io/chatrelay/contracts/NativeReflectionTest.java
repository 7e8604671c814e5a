package io.chatrelay.contracts;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Jackson reads and writes the payloads reflectively, which a native image allows only for registered classes: every
 * payload type of this module (records, enums, polymorphic interfaces) is in its reflect-config.json, and nothing else.
 */
class NativeReflectionTest {

    /** The delivery directory's reader: code that routes, not payloads. */
    private static final String ROUTING = "io.chatrelay.contracts.routing.";
    private static final String CONFIG = "META-INF/native-image/io.chatrelay/event-contracts/reflect-config.json";

    @Test
    void everyPayloadTypeIsRegisteredForReflectionInTheNativeImage() throws Exception {
        assertEquals(payloadTypes(), registered());
    }

    private static Set<String> registered() throws IOException {
        try (InputStream config = NativeReflectionTest.class.getClassLoader().getResourceAsStream(CONFIG)) {
            assertNotNull(config, CONFIG + " is missing");
            Set<String> names = new TreeSet<>();
            for (JsonNode entry : new ObjectMapper().readTree(config)) {
                names.add(entry.path("name").asText());
            }
            return names;
        }
    }

    private static Set<String> payloadTypes() throws Exception {
        Path classes = Path.of(Topics.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.startsWith(ROUTING)) {
                    continue;
                }
                Class<?> type = Class.forName(name);
                if (type.isRecord() || type.isEnum() || type.isAnnotationPresent(JsonTypeInfo.class)) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
