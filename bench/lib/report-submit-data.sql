-- Data for bench/report-submit.sh: an issued plan of the current year with 100 tasks (two indicators each),
-- assigned to 10 units generated under Bộ Tư lệnh 86: 1,000 assignments that take reports for the current
-- month. Reports are due on the 28th, so the month stays open to reports whatever day the benchmark runs
-- (the lock falls 10 days after the deadline).
--   psql -v ON_ERROR_STOP=1 -v year=2026 -f bench/lib/report-submit-data.sql        → prints the plan id
\set ON_ERROR_STOP on
begin;

select id as owner_id, path as owner_path from org_unit where code = 'BTL86' \gset

insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select 'S3-' || lpad(n::text, 5, '0'), 'Đơn vị thử tải báo cáo ' || n, 'S3-' || lpad(n::text, 5, '0'), 'UNIT', :owner_id, '', 3, null, 0,
       's3-' || lpad(n::text, 5, '0') || ' don vi thu tai bao cao'
from generate_series(1, 10) n;
update org_unit set path = :'owner_path' || id || '/' where code like 'S3-%';

insert into programme_plan (code, title, year, kind, theme, breakthrough, owner_unit_id, report_due_day, status, issued_at)
values ('BENCH-SUBMIT-' || :year, 'Kế hoạch thử tải gửi báo cáo ' || :year || ' (minh họa)', :year, 'DIGITAL_TRANSFORMATION', null, null,
        :owner_id, 28, 'ISSUED', now());
select id as plan_id from programme_plan where code = 'BENCH-SUBMIT-' || :year \gset

insert into programme_task_group (plan_id, ordinal, title) values (:plan_id, 1, 'Nhóm thử tải');
insert into programme_task (plan_id, group_id, code, sort_key, title, lead_unit_id, support_unit_ids, expected_result, due_date, secrecy)
select :plan_id, g.id, '1.' || k, lpad('1', 9, '0') || '.' || lpad(k::text, 9, '0'), 'Nhiệm vụ thử tải 1.' || k, :owner_id, '{}',
       'Sản phẩm 1.' || k, make_date(:year, 12, 15), 0
from programme_task_group g cross join generate_series(1, 100) k
where g.plan_id = :plan_id;
insert into programme_indicator (task_id, code, ordinal, name, measure, target, aggregation, higher_is_better)
select t.id, c.code, c.ordinal, c.name, c.measure, c.target, c.aggregation, c.higher
from programme_task t
cross join (values ('CT1', 1, 'Số đơn vị hoàn thành', 'đơn vị', 10, 'SUM', true),
                   ('CT2', 2, 'Số sự cố', 'sự cố', 5, 'SUM', false)) c(code, ordinal, name, measure, target, aggregation, higher)
where t.plan_id = :plan_id;

insert into programme_assignment (plan_id, task_id, unit_id, parent_id)
select :plan_id, t.id, u.id, null
from programme_task t cross join org_unit u
where t.plan_id = :plan_id and u.code like 'S3-%'
order by t.id, u.id;

commit;
analyze org_unit;
analyze programme_assignment;
select :plan_id as plan_id;
