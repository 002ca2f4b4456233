-- Append-only, hash-chained audit trail (Decree 85/2016: complete, tamper-evident logs).
create table audit_event (
    id        bigint primary key,
    at        timestamptz not null,
    actor     text        not null,
    unit_id   bigint,
    zone      text        not null,
    ip        text        not null,
    action    text        not null,
    target    text        not null,
    outcome   text        not null,
    detail    text,
    prev_hash text        not null,
    hash      text        not null
);
create index audit_event_at on audit_event (at);
create index audit_event_actor on audit_event (actor, at);
create index audit_event_action on audit_event (action, at);

-- The chain's head: lets the verifier notice rows cut off the end of the chain.
create table audit_head (
    singleton boolean primary key default true check (singleton),
    last_id   bigint not null,
    last_hash text   not null
);
insert into audit_head (last_id, last_hash) values (0, repeat('0', 64));

-- The trail is append-only for the application role: updates and deletes are refused by the database.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row when (current_setting('truongson.audit_maintenance', true) is distinct from 'on')
    execute function audit_event_append_only();
