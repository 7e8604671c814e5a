package io.chatrelay.message.repository;

import io.chatrelay.message.model.Message;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    public Uni<Message> findByIdempotencyKey(String senderId, String idempotencyKey) {
        return find("senderId = ?1 and idempotencyKey = ?2", senderId, idempotencyKey).firstResult();
    }
}
