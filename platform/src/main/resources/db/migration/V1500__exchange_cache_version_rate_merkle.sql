-- Issue 14, second pass: what the mediator caches, the cluster-wide rate, and Merkle seals of the message log.

-- One version for everything the mediator caches (systems, services, fields, credentials, agreements). A change to any
-- of them moves it in the same transaction, at commit (deferred constraint triggers), so a node that reads the version
-- and finds it moved drops its caches before deciding: a revoked credential or agreement fails at once on every node.
create table exchange_state (
    id      int    primary key default 1 check (id = 1),
    version bigint not null
);
insert into exchange_state (id, version) values (1, 1);

create function exchange_state_bump() returns trigger language plpgsql as $$
begin
    update exchange_state set version = version + 1 where id = 1;
    return null;
end $$;

create constraint trigger exchange_system_bump after insert or update or delete on exchange_system
    deferrable initially deferred for each row execute function exchange_state_bump();
create constraint trigger exchange_service_bump after insert or update or delete on exchange_service
    deferrable initially deferred for each row execute function exchange_state_bump();
create constraint trigger exchange_field_bump after insert or update or delete on exchange_field
    deferrable initially deferred for each row execute function exchange_state_bump();
create constraint trigger exchange_credential_bump after insert or update or delete on exchange_credential
    deferrable initially deferred for each row execute function exchange_state_bump();
create constraint trigger exchange_agreement_bump after insert or update or delete on exchange_agreement
    deferrable initially deferred for each row execute function exchange_state_bump();

-- The agreement's rate across the cluster: calls granted per agreement and minute window. Nodes take allowances in
-- chunks (one call at a time for small rates), never more than the rate in all.
create table exchange_rate (
    agreement_id bigint      not null,
    window_start timestamptz not null,
    used         int         not null default 0,
    last_grant   int         not null default 0,
    primary key (agreement_id, window_start)
);

-- Seals from now on are RFC 9162 Merkle trees (leaf = SHA-256(0x00 || row text)), the tree head signed with the
-- platform's audit seal key and the root time-stamped; older seals keep their flat root ('flat').
alter table exchange_log_seal add column scheme text not null default 'flat' check (scheme in ('flat', 'rfc9162'));
alter table exchange_log_seal add column signed_text bytea;
alter table exchange_log_seal add column signature bytea;
alter table exchange_log_seal add column certificate bytea;
alter table exchange_log_seal add column signature_token bytea;
create index exchange_log_seal_rows on exchange_log (seal_id, id);
