-- Bulk list checks (admissions, border) run in the background: the uploaded list, its progress, and the
-- checked workbook to download later. Only the official who submitted a job sees it.
create table population_bulk_job (
    id                bigserial primary key,
    owner_account_id  bigint not null,
    owner_official_id bigint not null,
    owner_username    text not null,
    kind              text not null check (kind in ('ADMISSIONS', 'BORDER')),
    admissions_year   int,
    file_name         text not null,
    status            text not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    total_rows        int not null default 0,
    done_rows         int not null default 0,
    counts            text,
    error             text,
    input             bytea,
    result            bytea,
    node              text,
    heartbeat_at      timestamptz,
    created_at        timestamptz not null default now(),
    started_at        timestamptz,
    finished_at       timestamptz
);
create index population_bulk_job_owner on population_bulk_job (owner_account_id, id desc);
create index population_bulk_job_open on population_bulk_job (status) where status in ('QUEUED', 'RUNNING');
