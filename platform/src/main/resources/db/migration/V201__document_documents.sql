-- Official documents (vn.truongson.document), Decree 30/2020/NĐ-CP and QCVN 102:2016 (edXML).

-- Number series (sổ đăng ký): per unit, per year, outgoing (OUT) or incoming (IN), with a separate series for
-- classified documents. A number is taken by an upsert on this row inside the issuing transaction: the row lock
-- serialises concurrent clerks, and a rollback gives the number back, so there is never a gap nor a duplicate.
create table document_register (
    unit_id     bigint  not null,
    year        int     not null,
    direction   text    not null check (direction in ('OUT', 'IN')),
    classified  boolean not null,
    last_number int     not null check (last_number > 0),
    primary key (unit_id, year, direction, classified)
);

create table document_document (
    id                bigserial   primary key,
    type              text        not null,
    subject           text        not null check (length(subject) <= 500),
    secrecy           text        not null,
    secrecy_rank      smallint    not null,
    urgency           text        not null,
    urgency_rank      smallint    not null,
    status            text        not null,
    origin            text        not null default 'INTERNAL',
    issuing_unit_id   bigint,
    drafting_unit_id  bigint,
    drafter_id        bigint,
    signer_id         bigint,
    signer_name       text,
    signer_position   text,
    from_organ_id     text,
    from_organ_name   text,
    number            int,
    notation          text,
    year              int,
    issued_at         timestamptz,
    promulgation_date date,
    signed_at         timestamptz,
    file_sha256       text,
    file_sealed_id    bigint,
    page_count        int,
    edxml_header      text,
    created_by        bigint,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    search_text       text        not null default '',
    search_vector     tsvector generated always as (to_tsvector('simple', search_text)) stored
);
-- Decree 30, Art. 15: a number is used once per register (unit, year, ordinary or classified series).
create unique index document_document_number on document_document (issuing_unit_id, year, (secrecy_rank > 0), number)
    where number is not null and origin = 'INTERNAL';
create index document_document_issuing on document_document (issuing_unit_id, status);
create index document_document_search on document_document using gin (search_vector);
create index document_document_order on document_document (urgency_rank desc, created_at desc);

-- Recipients (nơi nhận): an internal unit, or an external organisation by its mã định danh.
create table document_recipient (
    id              bigserial   primary key,
    document_id     bigint      not null references document_document (id),
    unit_id         bigint,
    organ_id        text,
    name            text        not null,
    status          text        not null default 'PENDING',
    channel         text,
    delivered_at    timestamptz,
    arrival_number  int,
    arrival_year    int,
    arrival_classified boolean,
    received_at     timestamptz,
    received_by     bigint,
    check (unit_id is not null or organ_id is not null)
);
create index document_recipient_document on document_recipient (document_id);
create index document_recipient_unit on document_recipient (unit_id, status);
create unique index document_recipient_arrival on document_recipient (unit_id, arrival_year, arrival_classified, arrival_number)
    where arrival_number is not null;

-- Handling (giải quyết): who handles an incoming document, in which role, by when.
create table document_assignment (
    id                bigserial   primary key,
    document_id       bigint      not null references document_document (id),
    recipient_id      bigint      not null references document_recipient (id),
    unit_id           bigint,
    official_id       bigint,
    role              text        not null check (role in ('LEAD', 'SUPPORT', 'INFO')),
    due_date          date,
    status            text        not null default 'OPEN',
    assigned_by       bigint      not null,
    assigned_at       timestamptz not null,
    closed_at         timestamptz,
    reply_document_id bigint,
    check (unit_id is not null or official_id is not null)
);
create index document_assignment_document on document_assignment (document_id);
create index document_assignment_open on document_assignment (status, due_date);

create table document_opinion (
    id            bigserial   primary key,
    assignment_id bigint      not null references document_assignment (id),
    author_id     bigint      not null,
    author_name   text        not null,
    text          text        not null,
    percent       int,
    at            timestamptz not null
);

-- The document's history, and the edXML status notices (StatusCode 01 Đã đến … 06 Hoàn thành) of each recipient.
create table document_event (
    id           bigserial   primary key,
    document_id  bigint      not null references document_document (id),
    recipient_id bigint,
    code         text,
    action       text        not null,
    actor_name   text,
    detail       text,
    at           timestamptz not null
);
create index document_event_document on document_event (document_id, at);
