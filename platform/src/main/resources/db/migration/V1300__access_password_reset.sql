-- Forgotten passwords (issue 13, docs/security.md "Password reset"). An official asks on /login/forgot; an
-- administrator of the official's unit issues a one-time code, handed over out of band; the code (kept only as its
-- SHA-256) works once, for 30 minutes, and sets a new password. One open request or code per account at a time.
create table access_password_reset (
    id           bigserial   primary key,
    account_id   bigint      not null references access_account (id) on delete cascade,
    state        text        not null check (state in ('REQUESTED', 'ISSUED', 'USED', 'EXPIRED')),
    requested_at timestamptz not null default now(),
    source       text        not null,
    code_hash    text,
    code_expires timestamptz,
    reset_totp   boolean     not null default false,
    issued_by    bigint,
    issued_at    timestamptz,
    used_at      timestamptz
);

create unique index access_password_reset_open on access_password_reset (account_id) where state in ('REQUESTED', 'ISSUED');
create index access_password_reset_state on access_password_reset (state) where state in ('REQUESTED', 'ISSUED');
