-- Evidence (minh chứng) attached to an assignment's report for a period: files in the shared store
-- (files_object, by SHA-256), with the name the reporter gave them. Size and type are copied from the store's row
-- so that listing them never reads another module's table; no foreign key to it, as each module owns its tables.
create table programme_report_evidence (
    assignment_id bigint      not null references programme_assignment (id),
    period        date        not null check (extract(day from period) = 1), -- the reporting month's first day
    sha256        text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    original_name text        not null,
    size          bigint      not null,
    content_type  text        not null,
    uploaded_by   text        not null,
    uploaded_at   timestamptz not null,
    -- The same content attached twice to one period's report is one piece of evidence.
    primary key (assignment_id, period, sha256)
);
