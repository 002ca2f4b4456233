-- Issue 17 B: detection rules over the audit trail, the evaluator's cursor, and the alerts they raise.

-- The rules as data: a security officer over the whole tree edits name, severity, enabled and parameters (audited).
create table secops_rule (
    code       text primary key,
    name       text    not null check (length(name) between 1 and 200),
    severity   text    not null check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    enabled    boolean not null default true,
    params     jsonb   not null,
    updated_by text,
    updated_at timestamptz
);
insert into secops_rule (code, name, severity, params) values
 ('SIGNIN_FAILURES_ACCOUNT', 'Đăng nhập sai nhiều lần vào một tài khoản', 'MEDIUM', '{"threshold": 5, "windowMinutes": 10}'),
 ('SIGNIN_FAILURES_ADDRESS', 'Đăng nhập sai nhiều lần từ một địa chỉ', 'HIGH', '{"threshold": 20, "windowMinutes": 10}'),
 ('SIGNIN_TWO_ZONES', 'Một tài khoản đăng nhập từ hai vùng mạng trong ít phút', 'HIGH', '{"windowMinutes": 30}'),
 ('CLASSIFIED_READ_BURST', 'Đọc tài liệu mật dồn dập, vượt xa mức thường ngày của người đọc', 'HIGH',
  '{"windowMinutes": 10, "minimum": 20, "factor": 5, "baselineDays": 30}'),
 ('CLASSIFIED_READ_OFF_HOURS', 'Đọc tài liệu mật ngoài giờ làm việc', 'MEDIUM', '{"gapMinutes": 60}'),
 ('PRIVILEGE_CHANGE', 'Thay đổi độ mật hoặc quyền hạn của cán bộ', 'LOW', '{"gapMinutes": 60}'),
 ('MASS_EXPORT', 'Tải xuống, xuất dữ liệu hàng loạt', 'HIGH', '{"threshold": 20, "windowMinutes": 10}'),
 ('AUDIT_VERIFY_FAILURE', 'Nhật ký kiểm tra không còn toàn vẹn', 'CRITICAL', '{"gapMinutes": 1440}');

-- How far the evaluator has read the trail: one row, locked by each run, so runs never overlap on any node.
-- Detection starts with the installation: an existing trail's past is not turned into a flood of old alerts
-- (read once, here, by id only; the module reads the trail through audit's API afterwards).
create table secops_cursor (
    singleton boolean primary key default true check (singleton),
    last_id   bigint not null default 0,
    ran_at    timestamptz
);
insert into secops_cursor (last_id) select coalesce(max(id), 0) from audit_event;

create table secops_alert (
    id              bigint generated always as identity primary key,
    rule_code       text    not null references secops_rule (code),
    severity        text    not null check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    subject         text    not null,
    -- Null: an alert about no unit (an address, the audit log itself): only those over the whole tree see it.
    unit_id         bigint,
    status          text    not null default 'NEW' check (status in ('NEW', 'ACKNOWLEDGED', 'RESOLVED', 'FALSE_POSITIVE')),
    summary         text    not null,
    first_at        timestamptz not null,
    last_at         timestamptz not null,
    event_count     int     not null,
    created_at      timestamptz not null default now(),
    acknowledged_by text,
    acknowledged_at timestamptz,
    closed_by       text,
    closed_at       timestamptz,
    note            text check (length(note) <= 2000)
);
create index secops_alert_burst on secops_alert (rule_code, subject, last_at desc);
create index secops_alert_status on secops_alert (status, unit_id);

-- The audit rows that raised each alert (ids of audit_event, read through audit's API).
create table secops_alert_event (
    alert_id bigint not null references secops_alert (id),
    event_id bigint not null,
    primary key (alert_id, event_id)
);
