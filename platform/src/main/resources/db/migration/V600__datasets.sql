-- Data collection (datasets module, issue 18): data sets as data, assigned to units per period, submitted with every revision kept.
create table datasets_dataset (
    id             bigserial primary key,
    code           text        not null,
    version        int         not null default 1,
    title          text        not null,
    owner_unit_id  bigint      not null,
    period_type    text        not null check (period_type in ('ONCE', 'MONTHLY', 'QUARTERLY', 'YEARLY')),
    secrecy        int         not null check (secrecy between 0 and 3),
    status         text        not null check (status in ('DRAFT', 'PUBLISHED')),
    fields         jsonb       not null,
    rules          jsonb       not null,
    created_by     text        not null,
    created_at     timestamptz not null,
    published_at   timestamptz,
    unique (code, version)
);
create index datasets_dataset_owner on datasets_dataset (owner_unit_id);

-- One row per unit and period the data set is expected from: the explicit list of assigned units.
create table datasets_assignment (
    dataset_id   bigint      not null references datasets_dataset (id),
    period       text        not null,
    unit_id      bigint      not null,
    deadline     date        not null,
    assigned_by  text        not null,
    assigned_at  timestamptz not null,
    primary key (dataset_id, period, unit_id)
);
create index datasets_assignment_unit on datasets_assignment (unit_id);

-- The submission as it stands (the latest revision); on_time is judged by the first.
create table datasets_submission (
    dataset_id          bigint      not null,
    period              text        not null,
    unit_id             bigint      not null,
    revision            int         not null,
    values              jsonb       not null,
    first_submitted_at  timestamptz not null,
    on_time             boolean     not null,
    submitted_at        timestamptz not null,
    submitted_by        text        not null,
    primary key (dataset_id, period, unit_id),
    foreign key (dataset_id, period, unit_id) references datasets_assignment (dataset_id, period, unit_id)
);

-- Every revision, never updated.
create table datasets_submission_revision (
    dataset_id    bigint      not null,
    period        text        not null,
    unit_id       bigint      not null,
    revision      int         not null,
    values        jsonb       not null,
    submitted_at  timestamptz not null,
    submitted_by  text        not null,
    primary key (dataset_id, period, unit_id, revision),
    foreign key (dataset_id, period, unit_id) references datasets_submission (dataset_id, period, unit_id)
);
