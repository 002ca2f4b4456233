-- Amendments (sửa đổi, bổ sung) of an issued plan: each has a number, a reason and the date it was decided, and
-- makes a new plan version (the issued plan is version 1). It may add tasks, change a task's due date, lead unit or
-- indicator targets, and cancel tasks. programme_task and programme_indicator hold the latest state; the state a
-- task had before each change is kept below, so that a period compiles against the version in force at its end.

alter table programme_plan add column version int not null default 1;

create table programme_amendment (
    id          bigint generated always as identity primary key,
    plan_id     bigint not null references programme_plan (id),
    version     int    not null check (version >= 2),
    number      text   not null,
    reason      text   not null,
    decided_on  date   not null,
    created_at  timestamptz not null default now(),
    created_by  text   not null,
    unique (plan_id, version),
    unique (plan_id, number)
);

-- What each amendment changed, one line per change, for the plan page and the API.
create table programme_amendment_change (
    amendment_id bigint not null references programme_amendment (id),
    ordinal      int    not null,
    kind         text   not null check (kind in ('ADD_TASK', 'DUE_DATE', 'LEAD_UNIT', 'TARGET', 'CANCEL_TASK')),
    task_id      bigint not null references programme_task (id),
    indicator    text,
    old_value    text,
    new_value    text,
    primary key (amendment_id, ordinal)
);

-- The version a task was added in (1: the plan as issued) and the version that cancelled it, if any.
alter table programme_task add column added_in int not null default 1;
alter table programme_task add column cancelled_in int;

-- A task's due date and lead unit as they stood from a version on; rows exist only for tasks an amendment changed
-- (the row of the version before the first change is written with it). A task without rows never changed.
create table programme_task_state (
    task_id      bigint not null references programme_task (id),
    version      int    not null,
    due_date     date   not null,
    lead_unit_id bigint not null,
    primary key (task_id, version)
);

-- An indicator's target from a version on, likewise.
create table programme_indicator_state (
    task_id bigint  not null,
    code    text    not null,
    version int     not null,
    target  numeric not null,
    primary key (task_id, code, version),
    foreign key (task_id, code) references programme_indicator (task_id, code)
);
