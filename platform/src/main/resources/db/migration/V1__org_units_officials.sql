-- Units (đơn vị) as a tree with a materialised path, and officials (cán bộ).
create table org_unit (
    id          bigint generated always as identity primary key,
    code        text    not null unique,
    name        text    not null,
    short_name  text    not null,
    kind        text    not null,
    parent_id   bigint  references org_unit (id),
    -- '/1/5/23/': the ids from the root down to this unit; a subtree is a path prefix.
    path        text    not null,
    depth       int     not null,
    organ_id    text,
    secrecy     smallint not null default 0,
    search_text text    not null,
    created_at  timestamptz not null default now()
);
create index org_unit_parent on org_unit (parent_id);
create index org_unit_path on org_unit (path text_pattern_ops);

create table org_official (
    id          bigint generated always as identity primary key,
    full_name   text     not null,
    unit_id     bigint   not null references org_unit (id),
    position    text     not null,
    rank_title  text,
    clearance   smallint not null default 0,
    secrecy     smallint not null default 0,
    email       text,
    phone       text,
    active      boolean  not null default true,
    search_text text     not null,
    created_at  timestamptz not null default now()
);
create index org_official_unit on org_official (unit_id);
