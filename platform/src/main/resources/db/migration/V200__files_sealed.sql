-- Sealed files (vn.truongson.files.SealedFiles): classified content encrypted at rest (ARCHITECTURE.md §3).
-- Each file has its own AES-256-GCM data key, kept only wrapped by the master key named by key_id. The
-- ciphertext lives on disk under <data-dir>/files/sealed/ab/cd/<sha256 of the ciphertext>.
create table files_sealed (
    id           bigserial   primary key,
    blob_sha256  text        not null check (blob_sha256 ~ '^[0-9a-f]{64}$'),
    key_id       text        not null,
    wrapped_key  bytea       not null,
    nonce        bytea       not null,
    size         bigint      not null check (size > 0),
    content_type text        not null,
    created_at   timestamptz not null default now()
);
