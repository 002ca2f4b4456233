-- The content-addressed file store (vn.truongson.files): one row per stored content, named by its SHA-256.
-- The bytes live on disk under <data-dir>/files/ab/cd/<sha256>; the modules that refer to a file keep their
-- own rows (who uploaded it, under which name, for what), without a foreign key, as each module owns its tables.
create table files_object (
    sha256       text        primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    size         bigint      not null check (size > 0),
    content_type text        not null,
    created_at   timestamptz not null default now()
);
