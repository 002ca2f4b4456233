-- The file store's bytes in PostgreSQL (vn.truongson.files, issue 12 §4): every node of a cluster reaches every
-- file through the one database, and a database backup (pg_dump, pgBackRest, a replica) holds the files too.
-- Content-addressed, as before: a stored file (files_object) and a sealed file's ciphertext (files_sealed.blob_sha256)
-- are kept as the chunks of their SHA-256, each at most 1 MiB, numbered from 0. A file's chunks are written in one
-- transaction with its row, so a reader that sees the row sees every chunk.
create table files_chunk (
    sha256 text    not null check (sha256 ~ '^[0-9a-f]{64}$'),
    seq    integer not null check (seq >= 0),
    data   bytea   not null check (length(data) between 1 and 1048576),
    primary key (sha256, seq)
);
-- Most stored files (PDF, images, Office packages, ciphertext) are compressed already: do not try again.
alter table files_chunk alter column data set storage external;
