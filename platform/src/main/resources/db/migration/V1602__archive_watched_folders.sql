-- Watched folders (issue 16): each file a scanner drops into a unit's folder is taken once, by one node: this row,
-- inserted in the import's own transaction and keyed by the folder, the file's name, size and modification time, is
-- the claim (a second node's insert waits for the first's transaction, then finds it taken) and the memory across a
-- restart (a file still there whose row exists was imported, or refused, already).
create table archive_watch_file (
    id           bigserial   primary key,
    unit_id      bigint      not null,
    folder       text        not null,
    file_name    text        not null,
    size         bigint      not null,
    modified_ms  bigint      not null,
    status       text        not null check (status in ('IMPORTED', 'REFUSED')),
    item_id      bigint      references archive_item (id),
    reason       text,
    node         text        not null,
    taken_at     timestamptz not null default now(),
    unique (folder, file_name, size, modified_ms),
    check ((status = 'IMPORTED') = (reason is null))
);
