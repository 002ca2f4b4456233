-- Issue 17 A: when the malware scanner cannot answer, uploads fail closed (503). A system administrator may let one kind
-- of file through unscanned (fail open) while it is down, with a reason; each change and each file let through is
-- audited, and the security dashboard shows the kinds that fail open (docs/security.md "Malware").
create table secops_scanner_override (
    kind       text primary key check (kind in ('PDF', 'OFFICE', 'IMAGE', 'ARCHIVE', 'XML', 'TEXT', 'OTHER')),
    fail_open  boolean not null,
    reason     text check (length(reason) <= 500),
    set_by     text    not null,
    set_at     timestamptz not null default now()
);
