-- Conversations: one row per direct pair (or room), holding the per-conversation sequence counter.
create table conversations (
    id               varchar(64)  primary key,
    kind             varchar(16)  not null check (kind in ('direct', 'room')),
    user_a           varchar(128),
    user_b           varchar(128),
    last_seq         bigint       not null,
    last_activity_at timestamptz  not null
);
create index conversations_user_a on conversations (user_a, last_activity_at desc);
create index conversations_user_b on conversations (user_b, last_activity_at desc);

create table messages (
    id                uuid         primary key,
    conversation_id   varchar(64)  not null references conversations (id),
    seq               bigint       not null,
    sender_id         varchar(128) not null,
    receiver_id       varchar(128),
    client_message_id varchar(128),
    idempotency_key   varchar(140) not null,
    type              varchar(16)  not null check (type in ('text', 'image', 'file', 'emoji')),
    content           text         not null,
    created_at        timestamptz  not null,
    constraint messages_seq_unique unique (conversation_id, seq)
);
-- Idempotency: a sender's clientMessageId (or, without one, the gateway's request id) names at most one
-- message, so a repeated send or a redelivered Kafka command never stores a second copy.
create unique index messages_sender_idempotency_key on messages (sender_id, idempotency_key);
