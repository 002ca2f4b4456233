-- Notifications (thông báo) to officials, and how each was delivered: in the application, by e-mail, by SMS.
-- official_id points into org's table without a foreign key, as access_grant does: each module owns its tables.

create table notify_notification (
    id          bigint generated always as identity primary key,
    official_id bigint      not null,
    kind        text        not null,
    -- Names the occasion (e.g. reminder:report:<assignment>:<period>:<stage>:<official>). Unique, so that
    -- two senders racing (two nodes, two runs of a job) give a person one notification, never two.
    dedupe_key  text        not null unique,
    title       text        not null,
    body        text        not null,
    link        text,
    created_at  timestamptz not null,
    read_at     timestamptz
);
create index notify_notification_mine on notify_notification (official_id, created_at desc, id desc);
create index notify_notification_unread on notify_notification (official_id) where read_at is null;

create table notify_delivery (
    notification_id bigint      not null references notify_notification (id),
    channel         text        not null check (channel in ('IN_APP', 'EMAIL', 'SMS')),
    state           text        not null check (state in ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
    attempts        int         not null default 0,
    -- Why it failed, or why it was skipped (no SMTP server configured, no address).
    last_error      text,
    updated_at      timestamptz not null,
    primary key (notification_id, channel)
);
create index notify_delivery_pending on notify_delivery (notification_id) where state = 'PENDING';
