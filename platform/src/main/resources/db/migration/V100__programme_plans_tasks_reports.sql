-- Programme tracking: plans (kế hoạch), task groups, tasks (nhiệm vụ) with indicators (chỉ tiêu), their
-- assignments to units and down the tree, and monthly progress reports (báo cáo định kỳ, Decree 09/2019/NĐ-CP)
-- with every revision kept.
-- Unit ids point into org's tree without a foreign key, as access_grant does: each module owns its tables.

create table programme_plan (
    id             bigint generated always as identity primary key,
    code           text     not null unique,
    title          text     not null,
    year           int      not null check (year between 2000 and 2100),
    kind           text     not null check (kind in ('DIGITAL_TRANSFORMATION', 'PROJECT_06', 'OTHER')),
    theme          text,
    breakthrough   text,
    owner_unit_id  bigint   not null,
    -- Day of the month by which a period's report is due; after the cut-off closes on the 14th (Decree 09/2019).
    report_due_day smallint not null default 20 check (report_due_day between 15 and 28),
    status         text     not null default 'DRAFT' check (status in ('DRAFT', 'ISSUED')),
    created_at     timestamptz not null default now(),
    issued_at      timestamptz
);
create index programme_plan_owner on programme_plan (owner_unit_id);

create table programme_task_group (
    id      bigint generated always as identity primary key,
    plan_id bigint not null references programme_plan (id),
    ordinal int    not null,
    title   text   not null,
    unique (plan_id, ordinal)
);

create table programme_task (
    id               bigint generated always as identity primary key,
    plan_id          bigint   not null references programme_plan (id),
    group_id         bigint   not null references programme_task_group (id),
    code             text     not null,
    -- The code with numeric parts zero-padded, so that 1.10 sorts after 1.9.
    sort_key         text     not null,
    title            text     not null,
    lead_unit_id     bigint   not null,
    support_unit_ids bigint[] not null default '{}',
    expected_result  text,
    due_date         date     not null,
    secrecy          smallint not null default 0,
    created_at       timestamptz not null default now(),
    unique (plan_id, code)
);
create index programme_task_group_idx on programme_task (group_id);
create index programme_task_lead on programme_task (lead_unit_id);

create table programme_indicator (
    task_id          bigint  not null references programme_task (id),
    code             text    not null,
    ordinal          int     not null,
    name             text    not null,
    measure          text,   -- "unit" in the API: %, hệ thống, lượt…
    target           numeric not null,
    aggregation      text    not null check (aggregation in ('SUM', 'AVERAGE', 'MIN', 'MAX')),
    higher_is_better boolean not null default true,
    primary key (task_id, code)
);

-- A task given to a unit; parent_id is set when a unit cascades its own assignment to a unit below it.
create table programme_assignment (
    id         bigint generated always as identity primary key,
    plan_id    bigint not null references programme_plan (id),
    task_id    bigint not null references programme_task (id),
    unit_id    bigint not null,
    parent_id  bigint references programme_assignment (id),
    created_at timestamptz not null default now(),
    unique (task_id, unit_id)
);
create index programme_assignment_plan on programme_assignment (plan_id, unit_id);
create index programme_assignment_parent on programme_assignment (parent_id);

-- One assignment's report for one period as it stands (its latest revision). The compilation reads only this
-- table; on_time is judged once, by the first submission.
create table programme_report (
    assignment_id      bigint   not null references programme_assignment (id),
    period             date     not null check (extract(day from period) = 1), -- the reporting month's first day
    plan_id            bigint   not null references programme_plan (id),
    revision           int      not null check (revision >= 1),
    status             text     not null check (status in ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'STALLED')),
    percent_complete   numeric  not null check (percent_complete between 0 and 100),
    indicator_values   jsonb    not null default '{}',
    obstacles          text,
    bottleneck         boolean  not null default false,
    proposal           text,
    first_submitted_at timestamptz not null,
    on_time            boolean  not null,
    submitted_at       timestamptz not null,
    primary key (assignment_id, period)
);
-- A plan's reports for one period; the primary key finds an assignment's latest earlier one.
create index programme_report_period on programme_report (plan_id, period);

-- Every revision as submitted, never changed.
create table programme_report_revision (
    assignment_id    bigint  not null,
    period           date    not null,
    revision         int     not null,
    status           text    not null,
    percent_complete numeric not null,
    indicator_values jsonb   not null default '{}',
    obstacles        text,
    bottleneck       boolean not null default false,
    proposal         text,
    submitted_at     timestamptz not null,
    submitted_by     text    not null,
    primary key (assignment_id, period, revision),
    foreign key (assignment_id, period) references programme_report (assignment_id, period)
);

create function programme_report_revision_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'programme_report_revision is append-only';
end $$;
create trigger programme_report_revision_no_update before update or delete on programme_report_revision
    for each row execute function programme_report_revision_append_only();
