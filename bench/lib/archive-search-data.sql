-- bench/archive-search.sh: 200,000 digitised documents of one page each, their OCR text made of Vietnamese phrases
-- (about 60 words a page) and folded as the platform folds it (lower case, no diacritics, đ → d), spread over every
-- unit in one batch per unit, 5 % Mật. About 1 in 1,000 carries the rare phrase "tần số liên lạc dự phòng".
select setseed(0.2026);
create temporary table phrases (i int, vi text, folded text);
insert into phrases values
 (1, 'công văn', 'cong van'), (2, 'chữ ký số', 'chu ky so'), (3, 'chuyển đổi số', 'chuyen doi so'), (4, 'an toàn thông tin', 'an toan thong tin'),
 (5, 'dữ liệu dân cư', 'du lieu dan cu'), (6, 'dịch vụ công trực tuyến', 'dich vu cong truc tuyen'), (7, 'kế hoạch', 'ke hoach'),
 (8, 'báo cáo', 'bao cao'), (9, 'huấn luyện', 'huan luyen'), (10, 'diễn tập', 'dien tap'), (11, 'hậu cần', 'hau can'),
 (12, 'kỹ thuật', 'ky thuat'), (13, 'văn thư lưu trữ', 'van thu luu tru'), (14, 'đường truyền', 'duong truyen'), (15, 'trực ban', 'truc ban'),
 (16, 'tài chính', 'tai chinh'), (17, 'quân số', 'quan so'), (18, 'hội nghị', 'hoi nghi'), (19, 'sơ kết', 'so ket'), (20, 'tổng kết', 'tong ket'),
 (21, 'phòng chống thiên tai', 'phong chong thien tai'), (22, 'tuyển quân', 'tuyen quan'), (23, 'biên giới', 'bien gioi'), (24, 'cửa khẩu', 'cua khau'),
 (25, 'thư điện tử', 'thu dien tu'), (26, 'hạ tầng số', 'ha tang so'), (27, 'đào tạo', 'dao tao'), (28, 'kiểm tra', 'kiem tra'),
 (29, 'thi đua khen thưởng', 'thi dua khen thuong'), (30, 'bảo đảm', 'bao dam'), (31, 'số hóa tài liệu', 'so hoa tai lieu'),
 (32, 'hồ sơ lưu trữ', 'ho so luu tru'), (33, 'nộp lưu', 'nop luu'), (34, 'thời hạn bảo quản', 'thoi han bao quan'),
 (35, 'trang bị', 'trang bi'), (36, 'doanh trại', 'doanh trai'), (37, 'sẵn sàng chiến đấu', 'san sang chien dau'), (38, 'chính trị', 'chinh tri'),
 (39, 'quân y', 'quan y'), (40, 'xăng dầu', 'xang dau');
create temporary table arr as select array_agg(vi order by i) v, array_agg(folded order by i) f from phrases;

insert into archive_batch (unit_id, year, title, created_by) select id, 2020, 'Lô số hóa (bench)', 'bench' from org_unit order by id;
create temporary table batches_ as select array_agg(id order by id) ids, array_agg(unit_id order by id) units from archive_batch where created_by = 'bench';

-- A Mật item names a sealed file (V910's check); search never opens it, so the id is a stand-in.
insert into archive_item (batch_id, unit_id, secrecy_rank, source_sealed_id, file_name, source_sha256, source_type, source_size, status, attempts, pages,
    created_by, finished_at, proposed)
select (select ids from batches_)[k], (select units from batches_)[k], case when g % 20 = 0 then 1 else 0 end, case when g % 20 = 0 then g end,
       'scan-' || g || '.pdf',
       lpad(to_hex(g), 64, '0'), 'application/pdf', 250000, 'DONE', 1, 1, 'bench', now(),
       '{"subject":"Tài liệu số hóa ' || g || '"}'
from generate_series(1, 200000) g
cross join lateral (select 1 + floor(random() * array_length((select ids from batches_), 1) + 0 * g)::int as k) b;

insert into archive_page (item_id, page_no, text, folded)
select i.id, 1, s.text, s.folded
from archive_item i
cross join arr
cross join lateral (
    select case when i.id % 1000 = 7 then 'Về việc tần số liên lạc dự phòng. ' else '' end
               || string_agg(arr.v[x.p], ', ' order by x.k) || '. Trang số ' || i.id as text,
           case when i.id % 1000 = 7 then 've viec tan so lien lac du phong ' else '' end
               || string_agg(arr.f[x.p], ' ' order by x.k) || ' trang so ' || i.id as folded
    from (select k, 1 + floor(random() * 40 + 0 * i.id)::int as p from generate_series(1, 24) k) x) s
where i.created_by = 'bench';
vacuum analyze archive_item;
vacuum analyze archive_page;
select count(*) from archive_item where created_by = 'bench';
