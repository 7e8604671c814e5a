package io.chatrelay.presence.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready before the consumers of presence.commands and message.events have joined their groups. */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {

    private final CommandsAssignment commands;
    private final ContactsReplay contacts;

    public ConsumersReadiness(@Identifier(CommandsAssignment.NAME) CommandsAssignment commands,
                              @Identifier(ContactsReplay.NAME) ContactsReplay contacts) {
        this.commands = commands;
        this.contacts = contacts;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("presence consumers assigned")
                .status(commands.assigned() && contacts.assigned())
                .withData("presence.commands", commands.assigned())
                .withData("message.events", contacts.assigned())
                .build();
    }
}
