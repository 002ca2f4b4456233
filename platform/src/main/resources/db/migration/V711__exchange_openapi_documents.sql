-- A service's own OpenAPI document (issue 14 item 1: "an OpenAPI document uploaded or fetched"), as its provider gave
-- it: the bytes in the file store (files_object, by SHA-256), parsed and checked before they were kept (size, depth,
-- node count, YAML aliases, only local $refs, openapi and paths present). One per service; a new one replaces it.
create table exchange_openapi (
    service_id  bigint      primary key references exchange_service (id),
    sha256      text        not null,
    media_type  text        not null check (media_type in ('application/json', 'application/yaml')),
    source      text        not null check (source in ('UPLOAD', 'URL')),
    source_url  text,
    file_name   text,
    version     text        not null,
    size        integer     not null,
    stored_by   bigint,
    stored_at   timestamptz not null default now()
);
create index exchange_openapi_sha256 on exchange_openapi (sha256);
