-- Issue 11: the audit trail becomes a verifiable log. Appends take no shared lock any more: each row gets its id
-- from a sequence, the id of the transaction that wrote it (so the sealer knows when everything below a point has
-- committed), and a keyed MAC computed by the application (HMAC-SHA-256 under a key wrapped by the token's master
-- key: nobody with only the database can make a valid one). A sealer appends the committed rows to an RFC 9162
-- Merkle tree in batches and signs each tree head; the heads are also written outside the database.
-- The old chain columns stay for the rows written before this migration; they are sealed as the first batch.

create sequence audit_event_id_seq;
select setval('audit_event_id_seq', coalesce(max(id), 0) + 1, false) from audit_event;

alter table audit_event
    alter column id set default nextval('audit_event_id_seq'),
    alter column prev_hash drop not null,
    alter column hash drop not null,
    add column tx_id  xid8,
    add column key_id text,
    add column mac    bytea;
-- Rows written before this migration keep tx_id null: the first seal takes them all, after checking their chain.
alter table audit_event alter column tx_id set default pg_current_xact_id();
create index audit_event_tx on audit_event (tx_id);

-- The HMAC key of the leaves, wrapped by the platform's master key (on the PKCS#11 token): useless without it.
create table audit_leaf_key (
    key_id        text primary key,
    master_key_id text        not null,
    wrapped       bytea       not null,
    created_at    timestamptz not null default now()
);

-- The tree's leaves in order: leaf_index is the position in the Merkle tree, leaf_hash = SHA-256(0x00 || mac).
create table audit_leaf (
    leaf_index bigint primary key,
    event_id   bigint not null unique,
    key_id     text   not null,
    leaf_hash  bytea  not null
);

-- Signed tree heads, one per sealed batch. signed text: see docs/security.md "Audit log".
create table audit_tree_head (
    tree_size   bigint primary key,
    root_hash   bytea       not null,
    signed_at   timestamptz not null,
    signature   bytea       not null,
    certificate bytea       not null,
    timestamp_token bytea,
    legacy_chain_hash text
);

-- The sealer's position: every row whose transaction id is below sealed_xmin (or null) is in the tree.
create table audit_seal_state (
    singleton   boolean primary key default true check (singleton),
    tree_size   bigint not null,
    sealed_xmin xid8,
    frontier    bytea  not null
);
insert into audit_seal_state (tree_size, sealed_xmin, frontier) values (0, null, '\x');

-- Append-only, with no session switch to turn it off (the old truongson.audit_maintenance escape is gone), and
-- TRUNCATE refused too. A superuser can still disable triggers: that is what the keyed leaves and the heads kept
-- outside the database are for.
drop trigger audit_event_no_update on audit_event;
create or replace function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end $$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();
create trigger audit_leaf_no_update before update or delete on audit_leaf
    for each row execute function audit_event_append_only();
create trigger audit_leaf_no_truncate before truncate on audit_leaf
    for each statement execute function audit_event_append_only();
create trigger audit_tree_head_no_update before update or delete on audit_tree_head
    for each row execute function audit_event_append_only();
create trigger audit_tree_head_no_truncate before truncate on audit_tree_head
    for each statement execute function audit_event_append_only();
create trigger audit_leaf_key_no_update before update or delete on audit_leaf_key
    for each row execute function audit_event_append_only();
create trigger audit_leaf_key_no_truncate before truncate on audit_leaf_key
    for each statement execute function audit_event_append_only();
