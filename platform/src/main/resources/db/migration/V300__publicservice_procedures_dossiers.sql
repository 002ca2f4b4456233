-- Public services and one-stop (cơ chế một cửa, DOMAIN-VN.md §3; API.md "Public services and one-stop"):
-- the procedure catalogue (thủ tục hành chính), the dossiers (hồ sơ) filed against it, each dossier's internal
-- steps with their deadlines, its attachments, its timeline, and the citizens' ratings.
-- Unit ids point into org's tree without a foreign key, as elsewhere: each module owns its tables.

create table publicservice_procedure (
    id                   bigint generated always as identity primary key,
    code                 text     not null unique,
    name                 text     not null,
    search_text          text     not null,
    field                text     not null,
    implementing_unit_id bigint   not null,
    -- As printed on the forms and in dossier codes, copied from org when published.
    unit_code            text     not null,
    unit_name            text     not null,
    parent_unit_name     text,
    level                text     not null check (level in ('FULL_ONLINE', 'PARTIAL_ONLINE')),
    -- Exactly one of the two: the legal processing time (thời hạn giải quyết).
    working_days         int      check (working_days between 0 and 365),
    working_hours        int      check (working_hours between 1 and 2000),
    fees                 text     not null,
    fee_amount           bigint   not null default 0 check (fee_amount >= 0),
    components           jsonb    not null,
    form                 jsonb    not null,
    steps                jsonb    not null,
    illustrative         boolean  not null default false,
    published            boolean  not null default true,
    published_at         timestamptz not null,
    updated_at           timestamptz not null,
    check ((working_days is null) <> (working_hours is null))
);
create index publicservice_procedure_unit on publicservice_procedure (implementing_unit_id);

-- Dossier codes <agency>-<yyMMdd>-<sequence>: one counter per unit and day.
create table publicservice_code_counter (
    unit_id bigint not null,
    day     date   not null,
    last    int    not null,
    primary key (unit_id, day)
);

create table publicservice_dossier (
    id                   bigint generated always as identity primary key,
    code                 text     not null unique,
    procedure_id         bigint   not null references publicservice_procedure (id),
    unit_id              bigint   not null,
    channel              text     not null check (channel in ('ONLINE', 'WALK_IN')),
    status               text     not null check (status in ('SUBMITTED', 'RECEIVED', 'IN_PROCESS', 'RESULT_READY', 'RETURNED',
                                                             'SUPPLEMENT_REQUESTED', 'REJECTED')),
    applicant_id_number  text     not null,
    applicant_name       text     not null,
    applicant_birth      date,
    applicant_phone      text,
    applicant_email      text,
    form_data            jsonb    not null,
    submitted_at         timestamptz not null,
    submitted_by         text     not null,
    received_at          timestamptz,
    received_by          text,
    appointment_at       timestamptz,
    -- Mẫu 04: the new date promised in the apology; on time is still judged against appointment_at (Mẫu 01).
    new_appointment_at   timestamptz,
    apology_reason       text,
    current_step         int,
    supplement_reason    text,
    reject_reason        text,
    result_ready_at      timestamptz,
    result_sha256        text,
    result_signed        boolean  not null default false,
    returned_at          timestamptz,
    returned_by          text,
    on_time              boolean,
    rating               smallint check (rating between 1 and 5),
    rating_comment       text,
    rated_at             timestamptz,
    version              int      not null default 0
);
create index publicservice_dossier_unit_received on publicservice_dossier (unit_id, received_at);
create index publicservice_dossier_unit_status on publicservice_dossier (unit_id, status);
create index publicservice_dossier_applicant on publicservice_dossier (applicant_id_number, submitted_at desc);

create table publicservice_dossier_step (
    dossier_id   bigint   not null references publicservice_dossier (id),
    ordinal      int      not null,
    name         text     not null,
    unit_id      bigint   not null,
    role         text     not null,
    started_at   timestamptz,
    due_at       timestamptz,
    completed_at timestamptz,
    completed_by text,
    late         boolean,
    primary key (dossier_id, ordinal)
);
create index publicservice_step_open on publicservice_dossier_step (unit_id, due_at) where completed_at is null and started_at is not null;

create table publicservice_attachment (
    dossier_id bigint not null references publicservice_dossier (id),
    component  text   not null,
    file_name  text   not null,
    sha256     text   not null,
    size       bigint not null,
    content_type text not null,
    added_at   timestamptz not null,
    primary key (dossier_id, component, sha256)
);

-- The dossier's timeline, as the citizen and the officers see it (and what the control slip Mẫu 05 reads).
create table publicservice_event (
    id         bigint generated always as identity primary key,
    dossier_id bigint not null references publicservice_dossier (id),
    at         timestamptz not null,
    kind       text   not null,
    actor      text   not null,
    status     text   not null,
    note       text
);
create index publicservice_event_dossier on publicservice_event (dossier_id, id);
