-- The data-sharing platform (issue 14): the catalogue of information systems and their services, the credentials
-- systems call the mediator with, the agreements that allow a consumer system to call a provider's service, and the
-- message log of every mediated call. Units and officials are org's: referenced by id only, never joined here.
create table exchange_system (
    id                bigint generated always as identity primary key,
    code              text        not null unique,
    name              text        not null,
    owner_unit_id     bigint      not null,
    purpose           text        not null,
    security_level    smallint    not null check (security_level between 1 and 5),
    secrecy           smallint    not null check (secrecy between 0 and 3),
    zones             text[]      not null,
    status            text        not null check (status in ('IN_SERVICE', 'PILOT', 'RETIRED')),
    endpoint_base_url text,
    contact           text,
    search_text       text        not null,
    created_by        bigint,
    created_at        timestamptz not null default now()
);
create index exchange_system_owner on exchange_system (owner_unit_id);

create table exchange_service (
    id          bigint generated always as identity primary key,
    system_id   bigint      not null references exchange_system (id),
    code        text        not null,
    name        text        not null,
    path        text        not null,
    secrecy     smallint    not null check (secrecy between 0 and 3),
    search_text text        not null,
    created_at  timestamptz not null default now(),
    unique (system_id, code)
);

create table exchange_field (
    service_id     bigint   not null references exchange_service (id),
    position       smallint not null,
    name           text     not null,
    classification text     not null check (classification in ('PUBLIC', 'INTERNAL', 'PERSONAL', 'MAT', 'TOI_MAT', 'TUYET_MAT')),
    primary key (service_id, name)
);

-- OAuth 2.0 client credentials of a system: the secret is 256 random bits, kept as its SHA-256 only.
create table exchange_credential (
    id          bigint generated always as identity primary key,
    system_id   bigint      not null references exchange_system (id),
    client_id   text        not null unique,
    secret_hash text        not null,
    created_by  bigint,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);
create index exchange_credential_system on exchange_credential (system_id);

-- Bearer tokens issued at /oauth2/token: opaque, short-lived, SHA-256 at rest.
create table exchange_token (
    token_hash    text primary key,
    credential_id bigint      not null references exchange_credential (id) on delete cascade,
    system_id     bigint      not null references exchange_system (id),
    issued_at     timestamptz not null default now(),
    expires_at    timestamptz not null
);
create index exchange_token_expiry on exchange_token (expires_at);

create table exchange_agreement (
    id              bigint generated always as identity primary key,
    consumer_id     bigint      not null references exchange_system (id),
    service_id      bigint      not null references exchange_service (id),
    purpose         text        not null,
    legal_basis     text        not null,
    requested_fields text[]     not null,
    fields          text[]      not null,
    rate_per_minute int         not null default 60 check (rate_per_minute between 1 and 100000),
    valid_until     date        not null,
    status          text        not null default 'REQUESTED' check (status in ('REQUESTED', 'ACTIVE', 'REFUSED', 'SUSPENDED', 'REVOKED')),
    requested_by    bigint      not null,
    requested_at    timestamptz not null default now(),
    decided_by      bigint,
    decided_at      timestamptz,
    reason          text,
    changed_by      bigint,
    changed_at      timestamptz,
    -- The one who asked never approves his own request (docs/exchange.md, "Who may do what").
    check (decided_by is null or decided_by <> requested_by)
);
-- At most one open agreement (asked, in force or suspended) per consumer and service.
create unique index exchange_agreement_open on exchange_agreement (consumer_id, service_id) where status in ('REQUESTED', 'ACTIVE', 'SUSPENDED');
create index exchange_agreement_consumer on exchange_agreement (consumer_id, service_id, status);
create index exchange_agreement_service on exchange_agreement (service_id);

-- One row per mediated call, refusals included. Codes as text: a refused call may name a service that does not exist.
create table exchange_log (
    id               bigint generated always as identity primary key,
    at               timestamptz not null default now(),
    consumer         text,
    consumer_unit_id bigint,
    provider         text        not null,
    provider_unit_id bigint,
    service          text        not null,
    secrecy          smallint    not null default 0,
    agreement_id     bigint,
    method           text        not null,
    status           smallint    not null,
    outcome          text        not null,
    request_digest   text        not null,
    response_digest  text        not null,
    latency_ms       int         not null
);
create index exchange_log_at on exchange_log (at desc);
create index exchange_log_provider on exchange_log (provider, service, at desc);
create index exchange_log_consumer on exchange_log (consumer, at desc);
