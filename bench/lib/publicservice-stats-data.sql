-- Data for bench/publicservice-stats.sh: 1,000,000 dossiers filed during 2025 against the demo catalogue (the nine
-- illustrative procedures, at their implementing units), seeded so that every run builds the same year:
-- 10 % still submitted or refused, 15 % in progress, 75 % returned (about one in six of them late), half filed online,
-- 40 % with electronic components, a third of the returned rated 1–5.
select setseed(0.2025);
create temporary table p as select row_number() over (order by code) - 1 as k, id, implementing_unit_id as unit, working_days, working_hours
  from publicservice_procedure where published;
select count(*) as n from p \gset
create temporary table g as
  select i, i % :n as k,
         timestamptz '2025-01-01 01:00+07' + (random() * 364 * 86400) * interval '1 second' as submitted,
         random() as r1, random() as r2, random() as r3, random() as r4
  from generate_series(1, 1000000) i;
insert into publicservice_dossier (code, procedure_id, unit_id, channel, status, applicant_id_number, applicant_name, form_data, submitted_at,
    submitted_by, received_at, appointment_at, current_step, result_ready_at, result_sha256, returned_at, on_time, rating, reject_reason)
select 'BENCH-' || g.i, p.id, p.unit, case when g.r2 < 0.5 then 'ONLINE' else 'WALK_IN' end,
  case when g.r1 < 0.05 then 'SUBMITTED' when g.r1 < 0.10 then 'REJECTED' when g.r1 < 0.25 then 'IN_PROCESS' else 'RETURNED' end,
  lpad((g.i % 1000000000)::text, 12, '0'), 'Công dân ' || g.i, '{}', g.submitted, 'bench',
  case when g.r1 >= 0.05 then g.submitted + interval '2 hours' end,
  case when g.r1 >= 0.10 then g.submitted + interval '2 hours' + coalesce(p.working_days, 1) * interval '1.4 day' end,
  case when g.r1 >= 0.10 and g.r1 < 0.25 then 1 end,
  case when g.r1 >= 0.25 then g.submitted + (g.r3 * 10) * interval '1 day' end,
  case when g.r1 >= 0.25 then md5(g.i::text) || md5((g.i + 1)::text) end,
  case when g.r1 >= 0.25 then g.submitted + interval '2 hours' + (g.r3 * coalesce(p.working_days, 1) * 1.7) * interval '1 day' end,
  case when g.r1 >= 0.25 then (g.r3 * 1.7) <= 1.4 end,
  case when g.r1 >= 0.25 and g.r4 < 0.33 then 1 + floor(g.r4 * 15)::int end,
  case when g.r1 >= 0.05 and g.r1 < 0.10 then 'Hồ sơ không đúng thẩm quyền' end
from g join p on p.k = g.k;
insert into publicservice_attachment (dossier_id, component, file_name, sha256, size, content_type, added_at)
select d.id, 'c', 'c.pdf', md5(d.id::text) || md5(d.code), 1000, 'application/pdf', d.submitted_at
from publicservice_dossier d where d.submitted_by = 'bench' and d.id % 5 < 2;
analyze publicservice_dossier;
analyze publicservice_attachment;
select count(*) from publicservice_dossier where submitted_by = 'bench';
