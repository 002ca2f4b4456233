-- Sign-in accounts, second factor, role grants, API tokens and network zones.
create table access_account (
    id              bigint generated always as identity primary key,
    official_id     bigint  not null unique,
    username        text    not null unique,
    password_hash   text    not null,
    totp_secret     text,
    totp_enabled    boolean not null default false,
    totp_last_step  bigint  not null default 0,
    failed_attempts int     not null default 0,
    locked_until    timestamptz,
    created_at      timestamptz not null default now()
);

create table access_recovery_code (
    account_id bigint not null references access_account (id) on delete cascade,
    code_hash  text   not null,
    used_at    timestamptz,
    primary key (account_id, code_hash)
);

create table access_grant (
    id          bigint generated always as identity primary key,
    official_id bigint not null,
    role        text   not null,
    unit_id     bigint not null,
    scope       text   not null check (scope in ('UNIT', 'SUBTREE')),
    created_at  timestamptz not null default now(),
    unique (official_id, role, unit_id, scope)
);
create index access_grant_official on access_grant (official_id);
create index access_grant_unit on access_grant (unit_id);

create table access_token (
    token_hash text primary key,
    account_id bigint not null references access_account (id) on delete cascade,
    issued_at  timestamptz not null,
    expires_at timestamptz not null
);
create index access_token_expiry on access_token (expires_at);

-- Address ranges and the zone a request from them is in. Anything not listed is 'internet'.
create table access_zone_range (
    id    bigint generated always as identity primary key,
    cidr  cidr not null unique,
    zone  text not null check (zone in ('military-network', 'mobile', 'internet')),
    note  text
);
insert into access_zone_range (cidr, zone, note) values
    ('127.0.0.0/8', 'military-network', 'Loopback: the machine itself'),
    ('::1/128', 'military-network', 'Loopback (IPv6)'),
    ('10.0.0.0/8', 'military-network', 'Example: military data network (placeholder range)'),
    ('100.64.0.0/10', 'mobile', 'Example: private mobile network (placeholder range)');
