-- signing: the platform's PKI (DOMAIN-VN.md §8). Private keys never sit here: they live on the PKCS#11
-- token; this records which token and key label hold each one.

-- One row: this installation's id, which prefixes its token labels (several test databases may share one
-- token directory; each finds only its own tokens).
create table signing_installation (
    id            int primary key check (id = 1),
    installation  text not null,
    created_at    timestamptz not null default now()
);

create table signing_certificate (
    serial          text primary key,                      -- hex, as in the certificate
    kind            text not null check (kind in ('ROOT', 'ISSUING', 'TSA', 'PERSONAL', 'UNIT')),
    official_id     bigint,
    unit_id         bigint,
    subject         text not null,
    not_before      timestamptz not null,
    not_after       timestamptz not null,
    der             bytea not null,
    token_label     text not null,
    key_label       text not null,
    status          text not null default 'VALID' check (status in ('VALID', 'REVOKED', 'SUPERSEDED')),
    revoked_at      timestamptz,
    revocation_reason text,
    pin_failures    int not null default 0,
    locked          boolean not null default false,
    issued_by       text,
    created_at      timestamptz not null default now(),
    check ((kind = 'PERSONAL') = (official_id is not null)),
    check ((kind = 'UNIT') = (unit_id is not null))
);
create index signing_certificate_official on signing_certificate (official_id) where official_id is not null;
create index signing_certificate_unit on signing_certificate (unit_id) where unit_id is not null;
-- At most one valid personal certificate per official and one valid seal per unit.
create unique index signing_certificate_one_personal on signing_certificate (official_id) where kind = 'PERSONAL' and status = 'VALID';
create unique index signing_certificate_one_unit on signing_certificate (unit_id) where kind = 'UNIT' and status = 'VALID';

-- Every CRL published, by issuer (ROOT: the authority revocation list; ISSUING: end-entity certificates).
create table signing_crl (
    issuer       text not null check (issuer in ('ROOT', 'ISSUING')),
    number       bigint not null,
    this_update  timestamptz not null,
    next_update  timestamptz not null,
    der          bytea not null,
    primary key (issuer, number)
);

-- An official's own signature image (PNG); without one, a blue handwritten-style image is drawn from the name.
create table signing_signature_image (
    official_id  bigint primary key,
    png          bytea not null,
    updated_at   timestamptz not null default now()
);

-- The master keys on the token that wrap the files module's data keys (files.MasterKey).
create table signing_master_key (
    key_id      text primary key,
    key_label   text not null,
    current     boolean not null default true,
    created_at  timestamptz not null default now()
);
