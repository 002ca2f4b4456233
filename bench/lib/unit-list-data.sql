-- Bulk data for bench/unit-list.sh: 10,000 units in a four-level tree under the demo root and 100,000
-- officials, about 2 % of each at secrecy 1 (Mật). Written straight into org_unit and org_official the way
-- Units.insert and Officials.insert write them: path '/root/…/id/', depth, search_text folded (lower
-- case, no diacritics, đ → d). Codes 'B<depth>-<n>' keep clear of the demo codes.
--   psql -v ON_ERROR_STOP=1 -f bench/lib/unit-list-data.sql
-- Levels below the root: 10, 100, 1,000 and 8,890 units (depth 2 to 5); 10 officials per generated unit.
\set ON_ERROR_STOP on
begin;

select id as root_id from org_unit where parent_id is null order by id limit 1 \gset

-- Depth 2: 10 units under the root.
insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select code, 'Đơn vị thử tải ' || code, code, 'COMMAND', :root_id, '', 2, null,
       case when n % 50 = 25 then 1 else 0 end,
       lower(code) || ' don vi thu tai ' || lower(code) || ' ' || lower(code)
from (select n, 'B2-' || lpad(n::text, 5, '0') as code from generate_series(1, 10) n) g;

-- Depth 3 and 4: 10 children per parent of the level above.
insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select code, 'Đơn vị thử tải ' || code, code, 'DEPARTMENT', parent_id, '', 3, null,
       case when n % 50 = 25 then 1 else 0 end,
       lower(code) || ' don vi thu tai ' || lower(code) || ' ' || lower(code)
from (select p.id as parent_id, row_number() over (order by p.id, c) as n,
             'B3-' || lpad((row_number() over (order by p.id, c))::text, 5, '0') as code
      from org_unit p cross join generate_series(1, 10) c where p.depth = 2 and p.code like 'B2-%') g;

insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select code, 'Đơn vị thử tải ' || code, code, 'UNIT', parent_id, '', 4, null,
       case when n % 50 = 25 then 1 else 0 end,
       lower(code) || ' don vi thu tai ' || lower(code) || ' ' || lower(code)
from (select p.id as parent_id, row_number() over (order by p.id, c) as n,
             'B4-' || lpad((row_number() over (order by p.id, c))::text, 5, '0') as code
      from org_unit p cross join generate_series(1, 10) c where p.depth = 3 and p.code like 'B3-%') g;

-- Depth 5: 8,890 units, 9 under each of the first 890 depth-4 units and 8 under the other 110.
insert into org_unit (code, name, short_name, kind, parent_id, path, depth, organ_id, secrecy, search_text)
select code, 'Đơn vị thử tải ' || code, code, 'UNIT', parent_id, '', 5, null,
       case when n % 50 = 25 then 1 else 0 end,
       lower(code) || ' don vi thu tai ' || lower(code) || ' ' || lower(code)
from (select p.parent_id, row_number() over (order by p.parent_id, c) as n,
             'B5-' || lpad((row_number() over (order by p.parent_id, c))::text, 5, '0') as code
      from (select id as parent_id, row_number() over (order by id) as i from org_unit where depth = 4 and code like 'B4-%') p
      cross join generate_series(1, 9) c
      where c <= case when p.i <= 890 then 9 else 8 end) g;

-- Materialised paths, level by level: the parent's path, then the unit's own id.
update org_unit c set path = p.path || c.id || '/' from org_unit p where c.parent_id = p.id and c.depth = 2 and c.code like 'B2-%';
update org_unit c set path = p.path || c.id || '/' from org_unit p where c.parent_id = p.id and c.depth = 3 and c.code like 'B3-%';
update org_unit c set path = p.path || c.id || '/' from org_unit p where c.parent_id = p.id and c.depth = 4 and c.code like 'B4-%';
update org_unit c set path = p.path || c.id || '/' from org_unit p where c.parent_id = p.id and c.depth = 5 and c.code like 'B5-%';

-- 100,000 officials, 10 per generated unit; every 50th at secrecy Mật (and cleared Mật).
create temporary table bench_units on commit drop as
select id, row_number() over (order by id) as rn from org_unit where code like 'B_-%';

insert into org_official (full_name, unit_id, position, rank_title, clearance, secrecy, email, phone, active, search_text)
select s.name || ' ' || m.name || ' ' || g.name, u.id, 'Trợ lý', 'Đại úy',
       case when i % 50 = 7 then 1 else 0 end, case when i % 50 = 7 then 1 else 0 end, null, null, true,
       s.folded || ' ' || m.folded || ' ' || g.folded || ' bench.' || i || ' tro ly'
from generate_series(1, 100000) i
join bench_units u on u.rn = (i - 1) % 10000 + 1
join (values (0, 'Nguyễn', 'nguyen'), (1, 'Trần', 'tran'), (2, 'Lê', 'le'), (3, 'Phạm', 'pham'), (4, 'Hoàng', 'hoang'),
             (5, 'Huỳnh', 'huynh'), (6, 'Phan', 'phan'), (7, 'Vũ', 'vu'), (8, 'Võ', 'vo'), (9, 'Đặng', 'dang'),
             (10, 'Bùi', 'bui'), (11, 'Đỗ', 'do')) s(k, name, folded) on s.k = i % 12
join (values (0, 'Văn', 'van'), (1, 'Đức', 'duc'), (2, 'Quang', 'quang'), (3, 'Minh', 'minh'), (4, 'Hữu', 'huu'),
             (5, 'Thị', 'thi'), (6, 'Ngọc', 'ngoc')) m(k, name, folded) on m.k = i % 7
join (values (0, 'Hùng', 'hung'), (1, 'Dũng', 'dung'), (2, 'Cường', 'cuong'), (3, 'Thắng', 'thang'), (4, 'Tuấn', 'tuan'),
             (5, 'Hải', 'hai'), (6, 'Lan', 'lan'), (7, 'Hương', 'huong'), (8, 'Sơn', 'son'), (9, 'Trung', 'trung'),
             (10, 'Nghĩa', 'nghia')) g(k, name, folded) on g.k = i % 11;

commit;
analyze org_unit;
analyze org_official;
