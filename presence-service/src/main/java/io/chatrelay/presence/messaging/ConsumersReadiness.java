package io.chatrelay.presence.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready before the consumers of presence.commands, message.events and room.events have joined their groups. */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {

    private final CommandsAssignment commands;
    private final ContactsReplay contacts;
    private final RostersReplay rosters;

    public ConsumersReadiness(@Identifier(CommandsAssignment.NAME) CommandsAssignment commands,
                              @Identifier(ContactsReplay.NAME) ContactsReplay contacts,
                              @Identifier(RostersReplay.NAME) RostersReplay rosters) {
        this.commands = commands;
        this.contacts = contacts;
        this.rosters = rosters;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("presence consumers assigned")
                .status(commands.assigned() && contacts.joined() && rosters.joined())
                .withData("presence.commands", commands.assigned())
                .withData("message.events", contacts.joined())
                .withData("room.events", rosters.joined())
                .build();
    }
}
