-- Bulk data for bench/compilation.sh: 2,000 units in a tree under the demo root, one issued 2024 plan of
-- 100 tasks in 10 groups, every task assigned to every generated unit (200,000 assignments, cascaded down
-- the tree), and 12 monthly reports per assignment with a realistic mix (about 2.4 million rows): some
-- missing, some late, a few stalled on a bottleneck that lasts, progress rising month by month.
-- Written straight into the tables the way the programme's services write them (Plans, Tasks, Assignments,
-- Reports): sort_key zero-padded, period = the month's first day, on_time judged by the first submission
-- against the 20th at 23:59:59 +07:00. The revision history (programme_report_revision) is not generated:
-- the compilation never reads it.
--   psql -v ON_ERROR_STOP=1 -f bench/lib/compilation-data.sql        → prints the plan id
-- Pseudo-random but deterministic: every choice is a hash of the row's ids (hashint8extended).
\set ON_ERROR_STOP on
begin;

select id as root_id from org_unit where parent_id is null order by id limit 1 \gset
select id as owner_id from org_unit where code = 'BTL86' \gset

-- 20 units at depth 2, 9 under each (180 at depth 3), 10 under each of those (1,800 at depth 4): 2,000.
insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select code, 'Đơn vị thử tải ' || code, code, 'COMMAND', :root_id, '', 2, null, 0, lower(code) || ' don vi thu tai'
from (select 'C2-' || lpad(n::text, 5, '0') as code from generate_series(1, 20) n) g;
update org_unit c set path = p.path || c.id || '/' from org_unit p where c.parent_id = p.id and c.code like 'C2-%';

insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select code, 'Đơn vị thử tải ' || code, code, 'DEPARTMENT', parent_id, '', 3, null, 0, lower(code) || ' don vi thu tai'
from (select p.id as parent_id, 'C3-' || lpad((row_number() over (order by p.id, c))::text, 5, '0') as code
      from org_unit p cross join generate_series(1, 9) c where p.code like 'C2-%') g;
update org_unit c set path = p.path || c.id || '/' from org_unit p where c.parent_id = p.id and c.code like 'C3-%';

insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select code, 'Đơn vị thử tải ' || code, code, 'UNIT', parent_id, '', 4, null, 0, lower(code) || ' don vi thu tai'
from (select p.id as parent_id, 'C4-' || lpad((row_number() over (order by p.id, c))::text, 5, '0') as code
      from org_unit p cross join generate_series(1, 10) c where p.code like 'C3-%') g;
update org_unit c set path = p.path || c.id || '/' from org_unit p where c.parent_id = p.id and c.code like 'C4-%';

-- The plan, issued on 05/01/2024; reports due on the 20th.
insert into programme_plan (code, title, year, kind, theme, breakthrough, owner_unit_id, report_due_day, status, issued_at)
values ('BENCH-2024', 'Kế hoạch thử tải 2024 (minh họa)', 2024, 'DIGITAL_TRANSFORMATION', 'Thử tải tổng hợp', 'Hạ tầng số',
        :owner_id, 20, 'ISSUED', '2024-01-05 09:00+07');
select id as plan_id from programme_plan where code = 'BENCH-2024' \gset

insert into programme_task_group (plan_id, ordinal, title)
select :plan_id, g, 'Nhóm nhiệm vụ ' || g from generate_series(1, 10) g;

-- 100 tasks "g.k", due at the end of a month between March and December.
insert into programme_task (plan_id, group_id, code, sort_key, title, lead_unit_id, support_unit_ids, expected_result, due_date, secrecy)
select :plan_id, gr.id, gr.ordinal || '.' || k, lpad(gr.ordinal::text, 9, '0') || '.' || lpad(k::text, 9, '0'),
       'Nhiệm vụ thử tải ' || gr.ordinal || '.' || k, :owner_id, '{}', 'Sản phẩm ' || gr.ordinal || '.' || k,
       (make_date(2024, 3 + (gr.ordinal * 10 + k) % 10, 1) + interval '1 month - 1 day')::date, 0
from programme_task_group gr cross join generate_series(1, 10) k
where gr.plan_id = :plan_id;

-- One indicator per task, two for every other task: shares of a SUM, percentages to AVERAGE, and counts to push down.
insert into programme_indicator (task_id, code, ordinal, name, measure, target, aggregation, higher_is_better)
select t.id, 'CT1', 1, 'Chỉ tiêu 1 của ' || t.code, case when t.id % 3 = 0 then '%' else 'đơn vị' end,
       case when t.id % 3 = 0 then 100 else 2000 end, case when t.id % 3 = 0 then 'AVERAGE' else 'SUM' end, true
from programme_task t where t.plan_id = :plan_id;
insert into programme_indicator (task_id, code, ordinal, name, measure, target, aggregation, higher_is_better)
select t.id, 'CT2', 2, 'Chỉ tiêu 2 của ' || t.code, 'sự cố', 50, case when t.id % 4 = 1 then 'MAX' else 'SUM' end, false
from programme_task t where t.plan_id = :plan_id and t.id % 2 = 1;

-- Every task to every generated unit: depth 2 by the coordinator, then cascaded down, level by level.
insert into programme_assignment (plan_id, task_id, unit_id, parent_id)
select :plan_id, t.id, u.id, null
from programme_task t cross join org_unit u
where t.plan_id = :plan_id and u.code like 'C2-%'
order by t.id, u.id;
insert into programme_assignment (plan_id, task_id, unit_id, parent_id)
select :plan_id, p.task_id, u.id, p.id
from org_unit u join programme_assignment p on p.unit_id = u.parent_id and p.plan_id = :plan_id
where u.code like 'C3-%'
order by p.task_id, u.id;
insert into programme_assignment (plan_id, task_id, unit_id, parent_id)
select :plan_id, p.task_id, u.id, p.id
from org_unit u join programme_assignment p on p.unit_id = u.parent_id and p.plan_id = :plan_id
where u.code like 'C4-%'
order by p.task_id, u.id;

-- 12 monthly reports per assignment. Per assignment: a start month, a finish month, maybe a bottleneck from
-- some month on; per unit: 1 in 12 usually late, 1 in 100 falls silent from September. Per report: 2 % missing,
-- 5 % late, 1 in 20 revised, 1 in 10 indicator values left out.
insert into programme_report (assignment_id, period, plan_id, revision, status, percent_complete, indicator_values, obstacles,
                              bottleneck, proposal, first_submitted_at, on_time, submitted_at)
select x.id, make_date(2024, x.m, 1), :plan_id,
       case when x.r % 20 = 0 then 2 else 1 end,
       x.status, x.pct,
       case when x.pct = 0 or x.r % 10 = 3 then '{}'::jsonb
            when x.task_id % 2 = 1 then jsonb_build_object('CT1', round(x.target1 * x.pct / 100.0 / case when x.target1 = 100 then 1 else 2000 end),
                                                           'CT2', (x.r % 7) * x.m / 12)
            else jsonb_build_object('CT1', round(x.target1 * x.pct / 100.0 / case when x.target1 = 100 then 1 else 2000 end)) end,
       case when x.stalled then 'Thiếu thiết bị bảo mật cơ yếu cho các đơn vị điểm' when x.r % 10 = 1 then 'Kinh phí chưa được phân bổ đầy đủ' end,
       x.stalled,
       case when x.stalled then 'Đề nghị cấp trên ưu tiên bảo đảm thiết bị' end,
       x.first_at, not x.late,
       case when x.r % 20 = 0 then x.first_at + interval '2 days' else x.first_at end
from (
    select a.id, a.task_id, m, r, i.target as target1,
           b.stalled,
           case when b.stalled then least(b.planned, 40) else b.planned end as pct,
           case when b.stalled then 'STALLED' when b.planned >= 100 then 'DONE' when b.planned > 0 then 'IN_PROGRESS' else 'NOT_STARTED' end as status,
           l.late,
           make_timestamptz(2024, m, (case when l.late then 21 + r % 7 else 10 + r % 11 end)::int, (8 + r % 9)::int, (r % 60)::int, 0, 'Asia/Ho_Chi_Minh') as first_at
    from programme_assignment a
    join programme_indicator i on i.task_id = a.task_id and i.code = 'CT1'
    cross join generate_series(1, 12) m
    cross join lateral (select abs(hashint8extended(a.id * 16 + m, 7)) % 1000 as r,
                               abs(hashint8extended(a.id, 11)) % 4 + 1 as start,
                               abs(hashint8extended(a.id, 13)) % 8 as span,
                               abs(hashint8extended(a.id, 17)) % 100 as trouble,
                               abs(hashint8extended(a.unit_id, 19)) % 100 as unit_habit) h
    cross join lateral (select case when m < h.start then 0
                                    else least(100, round(100.0 * (m - h.start + 1) / (h.span + 6)))::int end as planned,
                               h.trouble < 2 and m >= 5 + h.trouble * 3 as stalled) b
    cross join lateral (select (h.unit_habit < 8 and h.r % 10 < 6) or h.r % 100 < 5 as late) l
    where a.plan_id = :plan_id
      and h.r % 50 <> 7                                   -- 2 % of reports never sent
      and not (h.unit_habit >= 98 and m >= 9)             -- 2 % of units fall silent from September
    order by m, a.id
) x;

commit;
vacuum analyze org_unit;
vacuum analyze programme_task;
vacuum analyze programme_indicator;
vacuum analyze programme_assignment;
vacuum analyze programme_report;
select :plan_id as plan_id;
