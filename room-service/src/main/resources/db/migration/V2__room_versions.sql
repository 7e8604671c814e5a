-- Each membership change bumps the room's version; consumers of room.events use it to detect gaps.
alter table rooms add column version bigint not null default 1;
create index room_members_by_room on room_members (room_id, joined_at);
