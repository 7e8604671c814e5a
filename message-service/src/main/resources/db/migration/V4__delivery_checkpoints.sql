-- When each user's devices were last caught up (database time). A catch-up looks only at the user's direct
-- conversations active since then (less a margin for writes still in flight), so a connect costs what happened
-- while the user was away, not the number of conversations the user ever had.
create table delivery_checkpoints (
    user_id       varchar(128) primary key,
    caught_up_at  timestamptz  not null
);
