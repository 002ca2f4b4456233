-- Issue 15: the platform's side of the secure inter-network gateway (docs/gateway.md).
-- The low node's outbox: each message for the gateway, written in the transaction that made it (a citizen's filing),
-- delivered with its id until the gateway answers; the id makes a resend after a timeout or an outage count once.
create table crossing_outbox (
    id              bigint generated always as identity primary key,
    message_id      text not null unique,
    type            text not null,
    ref             text not null,
    body            bytea not null,
    created_at      timestamptz not null default now(),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    state           text not null default 'PENDING' check (state in ('PENDING', 'ACCEPTED', 'REFUSED')),
    answered_at     timestamptz,
    answer          text
);
create index crossing_outbox_due on crossing_outbox (next_attempt_at, id) where state = 'PENDING';

-- The high node's inbox: one row per message imported from the gateway (the id unique: a claim offered again after a
-- lost acknowledgement imports nothing twice).
create table crossing_inbox (
    message_id  text primary key,
    type        text not null,
    imported_at timestamptz not null default now(),
    outcome     text not null check (outcome in ('IMPORTED', 'REFUSED')),
    ref         text,
    detail      text
);
