package io.chatrelay.room.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.json.StrictJsonBinding;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Request bodies bind strictly ({"name": 42} is 400, not a room named "42"): see {@link StrictJsonBinding}. */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJsonBinding.apply(mapper);
    }
}
