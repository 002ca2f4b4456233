-- Digitisation (số hóa tài liệu, issue 16): batches of scans for a unit and a year, one item per uploaded scan,
-- OCR'd in the background (claimed by one conditional UPDATE, with a heartbeat: a node that dies leaves its item to
-- be taken over), its text kept per page and searchable with diacritics folded.
create table archive_batch (
    id            bigserial   primary key,
    unit_id       bigint      not null,
    year          int         not null,
    title         text        not null,
    fonds         text,
    secrecy_rank  int         not null default 0,
    created_by    text        not null,
    created_at    timestamptz not null default now()
);
create index archive_batch_unit on archive_batch (unit_id, id desc);

create table archive_item (
    id              bigserial   primary key,
    batch_id        bigint      not null references archive_batch (id),
    unit_id         bigint      not null,   -- the batch's, copied so that the policy filters items alone
    secrecy_rank    int         not null default 0,
    file_name       text        not null,
    source_sha256   text        not null,
    source_type     text        not null,
    source_size     bigint      not null,
    status          text        not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    attempts        int         not null default 0,
    error           text,
    pages           int,
    ocr_sha256      text,
    ocr_millis      bigint,
    node            text,
    heartbeat_at    timestamptz,
    created_by      text        not null,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    proposed        text,       -- JSON {issuer, numberAndNotation, date, type, subject, signer}
    confidence      text,       -- JSON, the same keys, 0..1
    described       text,       -- JSON, the archivist's confirmed fields
    described_by    text,
    described_at    timestamptz
);
create index archive_item_batch on archive_item (batch_id, id);
create index archive_item_open on archive_item (id) where status in ('QUEUED', 'RUNNING');

create table archive_page (
    item_id        bigint not null references archive_item (id),
    page_no        int    not null,
    text           text   not null,
    folded         text   not null,
    search_vector  tsvector generated always as (to_tsvector('simple', folded)) stored,
    primary key (item_id, page_no)
);
create index archive_page_search on archive_page using gin (search_vector);
