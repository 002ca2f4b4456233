-- bench/document-search.sh: 100,000 issued documents, subjects made of Vietnamese phrases, their folded text (as the
-- platform folds it: lower case, no diacritics, đ → d) in search_text, spread over every unit, 5 % Mật.
-- About 1 in 1,000 carries the rare phrase "tần số liên lạc dự phòng".
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
 (29, 'thi đua khen thưởng', 'thi dua khen thuong'), (30, 'bảo đảm', 'bao dam');
create temporary table units_ as select array_agg(id order by id) ids from org_unit;
-- Arrays, indexed per row by random(): a join on random() would be evaluated once for all rows.
create temporary table arr as select array_agg(vi order by i) v, array_agg(folded order by i) f from phrases;

insert into document_document (type, subject, secrecy, secrecy_rank, urgency, urgency_rank, status, origin, issuing_unit_id, drafting_unit_id,
    signer_name, number, notation, year, issued_at, promulgation_date, created_at, updated_at, search_text)
select case when g % 3 = 0 then 'CV' when g % 3 = 1 then 'BC' else 'KH' end,
       s.subject, case when g % 20 = 0 then 'MAT' else 'THUONG' end, case when g % 20 = 0 then 1 else 0 end,
       case when g % 50 = 0 then 'HOA_TOC' when g % 25 = 0 then 'KHAN' else 'THUONG' end,
       case when g % 50 = 0 then 3 when g % 25 = 0 then 1 else 0 end,
       'SENT', 'INTERNAL', u.id, u.id, 'Người ký ' || (g % 97), 100000 + g, 'CV-BENCH', 2025,
       timestamptz '2025-01-01 08:00+07' + (g * interval '5 minutes'), date '2025-01-01' + (g / 288),
       timestamptz '2025-01-01 08:00+07' + (g * interval '5 minutes'), now(),
       s.folded || ' noi dung van ban so ' || g
from generate_series(1, 100000) g
cross join lateral (select (select ids from units_)[1 + floor(random() * array_length((select ids from units_), 1) + 0 * g)::int] as id) u
cross join arr
cross join lateral (
    select case when g % 1000 = 7 then 'Về việc tần số liên lạc dự phòng ' else 'Về việc ' end || string_agg(arr.v[x.i], ', ' order by x.k) as subject,
           case when g % 1000 = 7 then 've viec tan so lien lac du phong ' else 've viec ' end || string_agg(arr.f[x.i], ' ' order by x.k) as folded
    from (select k, 1 + floor(random() * 30 + 0 * g)::int as i from generate_series(1, 5) k) x) s;
vacuum analyze document_document;
select count(*) from document_document;
