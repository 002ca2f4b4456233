-- Two-person rule for clearance (issue 10, finding 1): a clearance above Thường takes effect only when a second
-- person approves it. Each request is kept with who asked, who decided and when; at most one is pending per official.
create table org_clearance_request (
    id            bigint generated always as identity primary key,
    official_id   bigint      not null references org_official (id),
    from_level    smallint    not null,
    to_level      smallint    not null check (to_level > 0),
    status        text        not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REFUSED', 'SUPERSEDED')),
    requested_by  bigint      not null references org_official (id),
    requested_at  timestamptz not null default now(),
    decided_by    bigint      references org_official (id),
    decided_at    timestamptz,
    reason        text,
    check (decided_by is null or decided_by <> requested_by)
);
create unique index org_clearance_request_one_pending on org_clearance_request (official_id) where status = 'PENDING';
create index org_clearance_request_status on org_clearance_request (status, requested_at);
