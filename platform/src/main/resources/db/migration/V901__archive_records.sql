-- Records (hồ sơ, Decree 30/2020 Chapter IV): digitised documents filed into a record of a unit and a year, with its
-- retention period (thời hạn bảo quản: permanent, or a number of years) and its hand-over (nộp lưu) as a BagIt package.
create table archive_record (
    id               bigserial   primary key,
    unit_id          bigint      not null,
    code             text        not null,   -- số, ký hiệu hồ sơ
    title            text        not null,   -- tiêu đề hồ sơ
    year             int         not null,
    retention_years  int,                    -- null: permanent (vĩnh viễn)
    secrecy_rank     int         not null default 0,
    status           text        not null check (status in ('OPEN', 'HANDED_OVER')),
    created_by       text        not null,
    created_at       timestamptz not null default now(),
    handed_over_by   text,
    handed_over_at   timestamptz,
    package_sha256   text,
    unique (unit_id, year, code)
);

create table archive_record_item (
    record_id  bigint not null references archive_record (id),
    item_id    bigint not null unique references archive_item (id),  -- a document is in one record
    seq        int    not null,
    primary key (record_id, item_id)
);
