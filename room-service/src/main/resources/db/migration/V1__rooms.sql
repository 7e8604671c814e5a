-- Rooms and their members; room-service is the only writer.
create table rooms (
    id               uuid         primary key,
    name             varchar(200) not null,
    owner_id         varchar(128) not null,
    created_at       timestamptz  not null,
    last_activity_at timestamptz  not null
);

create table room_members (
    room_id   uuid         not null references rooms (id) on delete cascade,
    user_id   varchar(128) not null,
    joined_at timestamptz  not null,
    primary key (room_id, user_id)
);
create index room_members_by_user on room_members (user_id);
