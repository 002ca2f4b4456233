-- Data collection (issue 18): category lists a numeric field may be broken down by (số liệu phân tổ).
alter table datasets_dataset add column categories jsonb not null default '[]'::jsonb;
