-- Receipt cursors: how far each participant of a conversation has received (delivered) and seen (read) it.
-- Everything at or below a cursor counts as delivered/read. Cursors only move forward, never past the
-- conversation's last_seq, and reading implies delivery; the service advances them with single
-- insert … on conflict do update … where statements, so an advance is atomic and knows whether it moved.
create table conversation_cursors (
    conversation_id varchar(64)  not null references conversations (id),
    user_id         varchar(128) not null,
    delivered_seq   bigint       not null default 0 check (delivered_seq >= 0),
    delivered_at    timestamptz,
    read_seq        bigint       not null default 0 check (read_seq >= 0),
    read_at         timestamptz,
    primary key (conversation_id, user_id),
    constraint conversation_cursors_read_implies_delivered check (read_seq <= delivered_seq)
);
