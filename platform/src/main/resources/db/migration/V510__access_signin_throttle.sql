-- Sign-in failures are counted per (username, source address), for known and unknown usernames alike, so that
-- a name's existence does not show and a stranger elsewhere cannot lock the person out (docs/security.md, Sign-in).
-- A row is claimed under its row lock before a password is checked: at most max-failed-attempts checks per window.
create table access_signin_throttle (
    username     text        not null,
    source       text        not null,
    failures     int         not null default 0,
    window_start timestamptz not null default now(),
    locked_until timestamptz,
    lockouts     int         not null default 0,
    primary key (username, source)
);

create index access_signin_throttle_username on access_signin_throttle (username);

-- The account-wide counters are no longer used for sign-in; locks now live in access_signin_throttle.
update access_account set failed_attempts = 0, locked_until = null;
