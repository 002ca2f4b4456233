-- Bulk data for bench/datasets-rollup.sh: 2,000 units in a tree under the demo root (as bench/lib/compilation-data.sql),
-- one published monthly data set of 50 fields (40 INTEGER SUM, 5 PERCENT AVERAGE, 3 DECIMAL MAX, 2 YES_NO COUNT_YES)
-- owned by the root, assigned to every generated unit for the 12 months of 2026 (24,000 assignments), and about 90 %
-- of them submitted (about 21,600 submissions of 50 values each), some late. Written straight into the tables the way
-- the module's services write them; the revision history is not generated (the roll-up never reads it).
--   psql -v ON_ERROR_STOP=1 -f bench/lib/datasets-rollup-data.sql        → prints the data set id
-- Deterministic: every choice is a hash of the row's ids (hashint8extended).
\set ON_ERROR_STOP on
begin;

select id as root_id from org_unit where parent_id is null order by id limit 1 \gset

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

-- The data set: f01..f40 INTEGER SUM, f41..f45 PERCENT AVERAGE, f46..f48 DECIMAL MAX, f49..f50 YES_NO COUNT_YES.
insert into datasets_dataset (code, version, title, owner_unit_id, period_type, secrecy, status, fields, rules, created_by, created_at, published_at)
select 'BENCH-DS', 1, 'Bộ dữ liệu thử tải (minh họa)', :root_id, 'MONTHLY', 0, 'PUBLISHED',
       jsonb_agg(jsonb_build_object('code', 'f' || lpad(n::text, 2, '0'), 'label', 'Chỉ tiêu ' || n,
           'type', case when n <= 40 then 'INTEGER' when n <= 45 then 'PERCENT' when n <= 48 then 'DECIMAL' else 'YES_NO' end,
           'required', false, 'min', case when n <= 45 then 0 end, 'max', case when n between 41 and 45 then 100 end,
           'aggregation', case when n <= 40 then 'SUM' when n <= 45 then 'AVERAGE' when n <= 48 then 'MAX' else 'COUNT_YES' end,
           'options', '[]'::jsonb, 'unitOfMeasure', null) order by n),
       '[]'::jsonb, 'bench', now(), now()
from generate_series(1, 50) n;
select id as ds_id from datasets_dataset where code = 'BENCH-DS' \gset

insert into datasets_assignment (dataset_id, period, unit_id, deadline, assigned_by, assigned_at)
select :ds_id, '2026-' || lpad(m::text, 2, '0'), u.id, make_date(2026, m, 20), 'bench', now()
from org_unit u cross join generate_series(1, 12) m
where u.code ~ '^C[234]-';

insert into datasets_submission (dataset_id, period, unit_id, revision, values, first_submitted_at, on_time, submitted_at, submitted_by)
select a.dataset_id, a.period, a.unit_id, 1,
       (select jsonb_object_agg('f' || lpad(n::text, 2, '0'),
               case when n <= 40 then to_jsonb(abs(hashint8extended((a.unit_id * 100 + n) * 13 + right(a.period, 2)::int, 7)) % 500)
                    when n <= 45 then to_jsonb(abs(hashint8extended((a.unit_id * 100 + n) * 13 + right(a.period, 2)::int, 8)) % 101)
                    when n <= 48 then to_jsonb(round((abs(hashint8extended((a.unit_id * 100 + n) * 13 + right(a.period, 2)::int, 9)) % 100000) / 100.0, 2))
                    else to_jsonb(hashint8extended((a.unit_id * 100 + n) * 13 + right(a.period, 2)::int, 10) % 2 = 0) end)
        from generate_series(1, 50) n),
       a.deadline::timestamp - interval '2 days', abs(hashint8extended(a.unit_id, 11)) % 10 <> 0, a.deadline::timestamp - interval '2 days', 'bench'
from datasets_assignment a
where a.dataset_id = :ds_id and abs(hashint8extended(a.unit_id * 13 + length(a.period) + ascii(right(a.period, 1)), 12)) % 10 <> 0;

commit;
vacuum analyze org_unit;
vacuum analyze datasets_assignment;
vacuum analyze datasets_submission;
select :ds_id;
