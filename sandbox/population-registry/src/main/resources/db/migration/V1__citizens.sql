-- Synthetic citizens of the sandbox registry. Nothing here is a real person.
create table household (
    id            bigint primary key,
    province_code char(3) not null,
    address       text not null
);

create table citizen (
    id_number          char(12) primary key,
    family_name        text not null,
    middle_name        text not null,
    given_name         text not null,
    full_name          text not null,
    previous_full_name text,
    name_changed_on    date,
    gender             text not null check (gender in ('MALE', 'FEMALE')),
    date_of_birth      date not null,
    birth_province     char(3) not null,
    household_id       bigint not null references household (id),
    relation_to_head   text not null,
    deceased_on        date
);
create index citizen_household on citizen (household_id);

-- Who asked what, when and why (Decree 13/2023/NĐ-CP: every processing of personal data has a purpose).
create table access_log (
    id        bigserial primary key,
    at        timestamptz not null default now(),
    client_id text not null,
    method    text not null,
    path      text not null,
    purpose   text,
    outcome   text not null,
    status    int not null
);

-- Nonces of signed requests, kept for longer than the accepted clock skew, so none is accepted twice.
create table request_nonce (
    nonce   text primary key,
    seen_at timestamptz not null default now()
);

create table generation (
    seed  bigint not null,
    count int not null,
    at    timestamptz not null default now()
);
