-- Issue 19: the agency signature leaves the register lock. The number is reserved under the lock (a short
-- transaction), the PDF is numbered and sealed outside it, then the issue commits. A reservation in flight is a row
-- here; a number whose sealing failed (or whose issuer died) is never given back, it is recorded as voided in the
-- register (docs/documents-numbering.md: Decree 30/2020, Art. 15: numbers follow the order of issue in time, so a
-- number cannot be handed to a later document once a later one is taken). Every number of a register from 1 to its
-- last_number is thus an issued document, a reservation in flight, or a voided line: complete and contiguous.
create table document_number_reservation (
    document_id bigint      primary key references document_document (id),
    unit_id     bigint      not null,
    year        int         not null,
    classified  boolean     not null,
    number      int         not null,
    reserved_at timestamptz not null,
    reserved_by bigint      not null,
    unique (unit_id, year, classified, number)
);

create table document_register_void (
    unit_id     bigint      not null,
    year        int         not null,
    direction   text        not null check (direction in ('OUT', 'IN')),
    classified  boolean     not null,
    number      int         not null,
    document_id bigint      references document_document (id),
    reason      text        not null,
    voided_at   timestamptz not null,
    voided_by   bigint,
    primary key (unit_id, year, direction, classified, number)
);
