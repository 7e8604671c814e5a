package io.chatrelay.message.repository;

import io.chatrelay.message.model.Message;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    /** Up to {@code limit} messages of a conversation with seq below {@code beforeSeq}, newest first. */
    public Uni<List<Message>> pageOf(String conversationId, long beforeSeq, int limit) {
        return find("conversationId = ?1 and seq < ?2", Sort.descending("seq"), conversationId, beforeSeq)
                .page(0, limit)
                .list();
    }

    /** The latest message of each of these conversations. */
    public Uni<List<Message>> latestOf(Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("from Message m where m.conversationId in ?1"
                + " and m.seq = (select c.lastSeq from Conversation c where c.id = m.conversationId)", conversationIds);
    }
}
