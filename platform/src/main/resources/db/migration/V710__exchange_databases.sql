-- The catalogue's databases (issue 14, item 1: "cơ sở dữ liệu"): a system's databases, their data sets (tables,
-- registers) and the fields of each, every field classified. A database carries a secrecy (at most its system's) and is
-- read within the reader's level like its system; its fields are classified at most at its secrecy.
create table exchange_database (
    id          bigint generated always as identity primary key,
    system_id   bigint      not null references exchange_system (id),
    code        text        not null,
    name        text        not null,
    description text,
    secrecy     smallint    not null check (secrecy between 0 and 3),
    search_text text        not null,
    created_by  bigint,
    created_at  timestamptz not null default now(),
    unique (system_id, code)
);

create table exchange_dataset (
    id          bigint generated always as identity primary key,
    database_id bigint      not null references exchange_database (id),
    code        text        not null,
    name        text        not null,
    description text,
    search_text text        not null,
    created_at  timestamptz not null default now(),
    unique (database_id, code)
);

create table exchange_dataset_field (
    dataset_id     bigint   not null references exchange_dataset (id) on delete cascade,
    position       smallint not null,
    name           text     not null,
    classification text     not null check (classification in ('PUBLIC', 'INTERNAL', 'PERSONAL', 'MAT', 'TOI_MAT', 'TUYET_MAT')),
    primary key (dataset_id, name)
);
