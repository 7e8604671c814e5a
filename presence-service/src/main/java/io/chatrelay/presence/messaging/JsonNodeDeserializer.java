package io.chatrelay.presence.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class JsonNodeDeserializer extends ObjectMapperDeserializer<JsonNode> {

    public JsonNodeDeserializer() {
        super(JsonNode.class);
    }
}
