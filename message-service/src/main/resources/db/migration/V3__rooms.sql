-- message-service's replica of room membership, kept from room.events (room-service owns rooms). version is
-- the room's change counter: the replica applies version + 1 next and reloads room-service's snapshot on a gap.
create table rooms (
    room_id    varchar(64)  primary key,
    name       varchar(200) not null,
    owner_id   varchar(128),
    version    bigint       not null check (version >= 1),
    -- when the room was created (room_created), or first seen here when it came from a snapshot
    created_at timestamptz  not null
);

create table room_members (
    room_id varchar(64)  not null references rooms (room_id) on delete cascade,
    user_id varchar(128) not null,
    primary key (room_id, user_id)
);
-- the rooms of a user (conversation list)
create index room_members_by_user on room_members (user_id, room_id);

-- A room message names its room (receiver_id is null); a direct one names its receiver.
alter table messages add column room_id varchar(64);
alter table messages add constraint messages_one_target check ((receiver_id is null) <> (room_id is null));
