-- The sandbox e-identity provider (a stand-in for VNeID): accounts of citizens, pending sign-ins,
-- authorization codes (single use) and access tokens. Synthetic people only.
create table eid_account (
    id_number     char(12) primary key,
    password_hash text not null,
    totp_secret   text,            -- Base32; null: the account has no second factor (level 1 only)
    phone         text,
    email         text
);

-- An authorization request between GET /eid/authorize and the citizen's answer on the sign-in page.
create table eid_request (
    id             text primary key,
    client_id      text not null,
    redirect_uri   text not null,
    state          text,
    nonce          text not null,
    code_challenge text not null,
    min_level      int not null,
    failures       int not null default 0,
    created_at     timestamptz not null default now(),
    done_at        timestamptz
);

create table eid_code (
    code           text primary key,
    client_id      text not null,
    redirect_uri   text not null,
    nonce          text not null,
    code_challenge text not null,
    id_number      char(12) not null,
    level          int not null,
    auth_time      timestamptz not null,
    created_at     timestamptz not null default now(),
    used_at        timestamptz
);

create table eid_access_token (
    token      text primary key,
    code       text not null references eid_code (code) on delete cascade,
    id_number  char(12) not null,
    client_id  text not null,
    expires_at timestamptz not null
);
