-- The message log sealed in batches (issue 14 §4): every few seconds the rows not yet sealed are given to one seal,
-- whose root is the SHA-256 of the rows' own digests in id order, timestamped by the platform's RFC 3161 TSA.
create table exchange_log_seal (
    id        bigint generated always as identity primary key,
    sealed_at timestamptz not null default now(),
    first_id  bigint      not null,
    last_id   bigint      not null,
    rows      int         not null,
    root      text        not null,
    token     bytea       not null
);
alter table exchange_log add column seal_id bigint references exchange_log_seal (id);
create index exchange_log_unsealed on exchange_log (id) where seal_id is null;
