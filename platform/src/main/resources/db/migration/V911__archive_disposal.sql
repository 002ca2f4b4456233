-- Disposal (tiêu hủy) of records whose retention has expired (issue 16; Law on Archives 2024): an archivist proposes
-- a list, a commander of the unit — another person — approves it, and only then are the documents destroyed: their
-- text leaves the search, their files can no longer be opened, the record is DISPOSED. The list itself (what was
-- destroyed, by whose proposal and approval) is kept for good.
alter table archive_record drop constraint archive_record_status_check;
alter table archive_record add constraint archive_record_status_check check (status in ('OPEN', 'HANDED_OVER', 'DISPOSAL_PROPOSED', 'DISPOSED'));
alter table archive_item drop constraint archive_item_status_check;
alter table archive_item add constraint archive_item_status_check check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'DISPOSED'));

create table archive_disposal (
    id            bigserial   primary key,
    unit_id       bigint      not null,
    reason        text        not null,
    status        text        not null check (status in ('PROPOSED', 'APPROVED', 'REJECTED')),
    listing       text        not null,   -- JSON: each record (code, title, year, retention, documents) as proposed
    proposed_by   text        not null,
    proposed_at   timestamptz not null default now(),
    decided_by    text,
    decided_at    timestamptz,
    check ((status = 'PROPOSED') = (decided_by is null))
);

create table archive_disposal_record (
    disposal_id  bigint not null references archive_disposal (id),
    record_id    bigint not null references archive_record (id),
    primary key (disposal_id, record_id)
);
create index archive_disposal_record_record on archive_disposal_record (record_id);
