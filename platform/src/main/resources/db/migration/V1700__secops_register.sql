-- Issue 17 C: the register of information systems by security level (Decree 85/2016/NĐ-CP, Circular 12/2022/TT-BTTTT;
-- docs/security.md "Decree 85 register"). Units are org's and catalogue systems exchange's: referenced by id/code only.

-- The five levels: who appraises and approves the level dossier (Decree 85, Art. 12), the annex of Circular 12/2022
-- holding the level's basic requirements, and the interval between periodic checks the ministry applies (Decree 85,
-- Art. 20(2)(c) requires periodic checks; the months here are the ministry's setting, editable in this table).
create table secops_level (
    level         smallint primary key check (level between 1 and 5),
    approver      text     not null,
    appraiser     text     not null,
    annex         text     not null,
    review_months smallint not null check (review_months between 1 and 60)
);
insert into secops_level values
 (1, 'Chủ quản hệ thống thông tin', 'Đơn vị chuyên trách về an toàn thông tin của chủ quản', 'Phụ lục I', 24),
 (2, 'Chủ quản hệ thống thông tin', 'Đơn vị chuyên trách về an toàn thông tin của chủ quản', 'Phụ lục II', 24),
 (3, 'Chủ quản hệ thống thông tin', 'Đơn vị chuyên trách về an toàn thông tin của chủ quản', 'Phụ lục III', 24),
 (4, 'Chủ quản hệ thống thông tin', 'Bộ Thông tin và Truyền thông (Cục An toàn thông tin)', 'Phụ lục IV', 12),
 (5, 'Thủ tướng Chính phủ', 'Bộ Thông tin và Truyền thông (Cục An toàn thông tin)', 'Phụ lục V', 12);

-- The groups of basic requirements (Circular 12/2022/TT-BTTTT: management and technical requirements; physical
-- security is outside them), each from the lowest level that must meet it.
create table secops_control (
    code      text primary key,
    position  smallint not null,
    kind      text     not null check (kind in ('MANAGEMENT', 'TECHNICAL', 'PROCEDURE')),
    title     text     not null,
    min_level smallint not null check (min_level between 1 and 5),
    source    text     not null
);
insert into secops_control values
 ('HS-CAP-DO',     1, 'PROCEDURE',  'Hồ sơ đề xuất cấp độ được thẩm định và phê duyệt', 1, 'Nghị định 85/2016/NĐ-CP, Điều 12, 14, 15, 17'),
 ('PHUONG-AN',     2, 'PROCEDURE',  'Phương án bảo đảm an toàn thông tin đáp ứng yêu cầu cơ bản của cấp độ', 1, 'Nghị định 85/2016/NĐ-CP, Điều 15; Thông tư 12/2022/TT-BTTTT'),
 ('QL-CHINH-SACH', 3, 'MANAGEMENT', 'Thiết lập chính sách an toàn thông tin', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về quản lý'),
 ('QL-TO-CHUC',    4, 'MANAGEMENT', 'Tổ chức bảo đảm an toàn thông tin', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về quản lý'),
 ('QL-NHAN-LUC',   5, 'MANAGEMENT', 'Bảo đảm nguồn nhân lực', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về quản lý'),
 ('QL-THIET-KE',   6, 'MANAGEMENT', 'Quản lý thiết kế, xây dựng hệ thống', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về quản lý'),
 ('QL-VAN-HANH',   7, 'MANAGEMENT', 'Quản lý vận hành hệ thống', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về quản lý'),
 ('QL-RUI-RO',     8, 'MANAGEMENT', 'Quản lý rủi ro an toàn thông tin', 3, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về quản lý'),
 ('QL-KET-THUC',   9, 'MANAGEMENT', 'Kết thúc vận hành, khai thác, thanh lý, hủy bỏ hệ thống', 3, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về quản lý'),
 ('KT-MANG',      10, 'TECHNICAL',  'Bảo đảm an toàn mạng', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về kỹ thuật'),
 ('KT-MAY-CHU',   11, 'TECHNICAL',  'Bảo đảm an toàn máy chủ', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về kỹ thuật'),
 ('KT-UNG-DUNG',  12, 'TECHNICAL',  'Bảo đảm an toàn ứng dụng', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về kỹ thuật'),
 ('KT-DU-LIEU',   13, 'TECHNICAL',  'Bảo đảm an toàn dữ liệu', 1, 'Thông tư 12/2022/TT-BTTTT, yêu cầu cơ bản về kỹ thuật'),
 ('KIEM-TRA',     14, 'PROCEDURE',  'Kiểm tra, đánh giá an toàn thông tin định kỳ', 1, 'Nghị định 85/2016/NĐ-CP, Điều 20 khoản 2 điểm c');

create table secops_system (
    id                bigint generated always as identity primary key,
    code              text        not null unique check (code ~ '^[A-Z0-9][A-Z0-9._-]{0,63}$'),
    name              text        not null check (length(name) between 1 and 300),
    owner_unit_id     bigint      not null,
    operator_unit_id  bigint,
    operator_name     text check (length(operator_name) <= 300),
    level             smallint    not null references secops_level (level),
    secrecy           smallint    not null default 0 check (secrecy between 0 and 3),
    catalogue_code    text,
    -- The level dossier (hồ sơ đề xuất cấp độ): drafted, submitted for appraisal, approved by a decision.
    dossier_status    text        not null default 'DRAFT' check (dossier_status in ('DRAFT', 'SUBMITTED', 'APPROVED')),
    decision_number   text check (length(decision_number) <= 100),
    decision_date     date,
    decision_by       text check (length(decision_by) <= 300),
    last_review_on    date,
    search_text       text        not null,
    version           int         not null default 0,
    created_by        text        not null,
    created_at        timestamptz not null default now(),
    updated_by        text,
    updated_at        timestamptz,
    check (dossier_status <> 'APPROVED' or (decision_number is not null and decision_date is not null))
);
create index secops_system_owner on secops_system (owner_unit_id);

create table secops_system_control (
    system_id      bigint not null references secops_system (id),
    control_code   text   not null references secops_control (code),
    status         text   not null check (status in ('DONE', 'PARTIAL', 'NOT_DONE')),
    evidence       text check (length(evidence) <= 2000),
    evidence_file  text,
    evidence_name  text check (length(evidence_name) <= 255),
    updated_by     text   not null,
    updated_at     timestamptz not null default now(),
    primary key (system_id, control_code)
);
