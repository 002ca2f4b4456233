-- Vietnamese working-day calendar: the days that break the Monday-to-Friday rule.
--   HOLIDAY         a day off: a public holiday (ngày nghỉ lễ, Tết), a compensatory day (nghỉ bù)
--                   or a weekday swapped with a Saturday (nghỉ hoán đổi).
--   MAKEUP_WORKDAY  a Saturday or Sunday that is worked instead (ngày làm bù).
-- Saturdays and Sundays are not stored: they are non-working unless marked MAKEUP_WORKDAY.
--
-- Rules: Labour Code 2019 (Bộ luật Lao động 45/2019/QH14)
--   Art. 112(1): Tết Dương lịch 1 day (1/1); Tết Âm lịch 5 days; Ngày Chiến thắng 1 day (30/4);
--                Quốc tế Lao động 1 day (1/5); Quốc khánh 2 days (2/9 and one day before or after);
--                Giỗ Tổ Hùng Vương 1 day (10/3 âm lịch).
--   Art. 111(3): a holiday on a weekly rest day is compensated on the next working day.
-- Civil servants follow the day-off plan the Government announces each year, cited per row.
-- Rows named "(dự kiến)" are derived from those rules because no plan had been announced.
-- Administrators edit this table at /admin/calendar; see docs/calendar.md.

create table calendar_day (
    day    date primary key,
    kind   text not null check (kind in ('HOLIDAY', 'MAKEUP_WORKDAY')),
    name   text not null,
    source text,
    constraint calendar_day_name_present check (btrim(name) <> ''),
    -- a make-up working day replaces a weekly rest day, so it is a Saturday or a Sunday
    constraint calendar_day_makeup_on_weekend check (kind <> 'MAKEUP_WORKDAY' or extract(isodow from day) in (6, 7))
);

comment on table calendar_day is 'Vietnamese public holidays, compensatory and swapped days off (HOLIDAY) and weekend make-up working days (MAKEUP_WORKDAY).';

insert into calendar_day (day, kind, name, source) values
-- 2024 -------------------------------------------------------------------------------------------
-- Tết Giáp Thìn: 08/02–14/02 (29 tháng Chạp – mùng 5 Tết); mùng 1–2 fall on Saturday–Sunday, compensated 13–14/02.
-- Quốc khánh: 02/09 and 03/09.
('2024-01-01', 'HOLIDAY', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112'),
('2024-02-08', 'HOLIDAY', 'Tết Nguyên đán (29 tháng Chạp)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023'),
('2024-02-09', 'HOLIDAY', 'Tết Nguyên đán (30 tháng Chạp)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023'),
('2024-02-10', 'HOLIDAY', 'Tết Nguyên đán (mùng 1 Tết)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023'),
('2024-02-11', 'HOLIDAY', 'Tết Nguyên đán (mùng 2 Tết)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023'),
('2024-02-12', 'HOLIDAY', 'Tết Nguyên đán (mùng 3 Tết)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023'),
('2024-02-13', 'HOLIDAY', 'Nghỉ bù Tết Nguyên đán (mùng 4 Tết)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023; Bộ luật Lao động 2019, Điều 111'),
('2024-02-14', 'HOLIDAY', 'Nghỉ bù Tết Nguyên đán (mùng 5 Tết)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023; Bộ luật Lao động 2019, Điều 111'),
('2024-04-18', 'HOLIDAY', 'Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch)', 'Bộ luật Lao động 2019, Điều 112'),
('2024-04-29', 'HOLIDAY', 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 04/05/2024)', 'Văn bản 2450/VPCP-KGVX ngày 12/4/2024'),
('2024-04-30', 'HOLIDAY', 'Ngày Chiến thắng (30/4)', 'Bộ luật Lao động 2019, Điều 112'),
('2024-05-01', 'HOLIDAY', 'Ngày Quốc tế Lao động (1/5)', 'Bộ luật Lao động 2019, Điều 112'),
('2024-05-04', 'MAKEUP_WORKDAY', 'Làm bù cho thứ Hai 29/04/2024', 'Văn bản 2450/VPCP-KGVX ngày 12/4/2024'),
('2024-09-02', 'HOLIDAY', 'Quốc khánh (2/9)', 'Bộ luật Lao động 2019, Điều 112; Văn bản 8662/VPCP-KGVX ngày 03/11/2023'),
('2024-09-03', 'HOLIDAY', 'Quốc khánh (ngày liền sau 2/9)', 'Văn bản 8662/VPCP-KGVX ngày 03/11/2023'),
-- 2025 -------------------------------------------------------------------------------------------
-- Tết Ất Tỵ: 5 days 27/01–31/01 (28 tháng Chạp – mùng 3 Tết; the year has no 30 tháng Chạp), 9 days with the weekends.
-- 30/4 – 1/5: Friday 02/05 swapped with Saturday 26/04. Quốc khánh: 01/09 and 02/09.
('2025-01-01', 'HOLIDAY', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112; Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-01-27', 'HOLIDAY', 'Tết Nguyên đán (28 tháng Chạp)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-01-28', 'HOLIDAY', 'Tết Nguyên đán (29 tháng Chạp)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-01-29', 'HOLIDAY', 'Tết Nguyên đán (mùng 1 Tết)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-01-30', 'HOLIDAY', 'Tết Nguyên đán (mùng 2 Tết)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-01-31', 'HOLIDAY', 'Tết Nguyên đán (mùng 3 Tết)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-04-07', 'HOLIDAY', 'Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch)', 'Bộ luật Lao động 2019, Điều 112'),
('2025-04-26', 'MAKEUP_WORKDAY', 'Làm bù cho thứ Sáu 02/05/2025', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-04-30', 'HOLIDAY', 'Ngày Chiến thắng (30/4)', 'Bộ luật Lao động 2019, Điều 112'),
('2025-05-01', 'HOLIDAY', 'Ngày Quốc tế Lao động (1/5)', 'Bộ luật Lao động 2019, Điều 112'),
('2025-05-02', 'HOLIDAY', 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/04/2025)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-09-01', 'HOLIDAY', 'Quốc khánh (ngày liền trước 2/9)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
('2025-09-02', 'HOLIDAY', 'Quốc khánh (2/9)', 'Bộ luật Lao động 2019, Điều 112; Văn bản 8726/VPCP-KGVX ngày 26/11/2024'),
-- 2026 -------------------------------------------------------------------------------------------
-- Tết Dương lịch: Friday 02/01 swapped with Saturday 10/01. Tết Bính Ngọ: 16/02–20/02 (29 tháng Chạp – mùng 4 Tết),
-- 9 days with the weekends. Giỗ Tổ falls on Sunday 26/04, compensated Monday 27/04.
-- Quốc khánh: 01/09 and 02/09; Monday 31/08 swapped with Saturday 22/08.
('2026-01-01', 'HOLIDAY', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112; Văn bản 12729/VPCP-KGVX ngày 25/12/2025'),
('2026-01-02', 'HOLIDAY', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)', 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025'),
('2026-01-10', 'MAKEUP_WORKDAY', 'Làm bù cho thứ Sáu 02/01/2026', 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025'),
('2026-02-16', 'HOLIDAY', 'Tết Nguyên đán (29 tháng Chạp)', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-02-17', 'HOLIDAY', 'Tết Nguyên đán (mùng 1 Tết)', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-02-18', 'HOLIDAY', 'Tết Nguyên đán (mùng 2 Tết)', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-02-19', 'HOLIDAY', 'Tết Nguyên đán (mùng 3 Tết)', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-02-20', 'HOLIDAY', 'Tết Nguyên đán (mùng 4 Tết)', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-04-26', 'HOLIDAY', 'Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch)', 'Bộ luật Lao động 2019, Điều 112'),
('2026-04-27', 'HOLIDAY', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Bộ luật Lao động 2019, Điều 111'),
('2026-04-30', 'HOLIDAY', 'Ngày Chiến thắng (30/4)', 'Bộ luật Lao động 2019, Điều 112'),
('2026-05-01', 'HOLIDAY', 'Ngày Quốc tế Lao động (1/5)', 'Bộ luật Lao động 2019, Điều 112'),
('2026-08-22', 'MAKEUP_WORKDAY', 'Làm bù cho thứ Hai 31/08/2026', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-08-31', 'HOLIDAY', 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-09-01', 'HOLIDAY', 'Quốc khánh (ngày liền trước 2/9)', 'Thông báo 9441/TB-BNV ngày 16/10/2025'),
('2026-09-02', 'HOLIDAY', 'Quốc khánh (2/9)', 'Bộ luật Lao động 2019, Điều 112; Thông báo 9441/TB-BNV ngày 16/10/2025'),
-- 2027 (dự kiến) ---------------------------------------------------------------------------------
-- No plan announced yet. Derived from Art. 111–112, following the precedents of years with the same weekdays:
-- Tết Đinh Mùi falls on Saturday 06/02 like Tết 2024, so 2 days before and 3 after (04/02–08/02),
-- with mùng 1–2 compensated on 09–10/02; 1/5 falls on Saturday, compensated Monday 03/05;
-- Quốc khánh falls on Thursday like 2021, so 02/09 and Friday 03/09.
('2027-01-01', 'HOLIDAY', 'Tết Dương lịch (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-02-04', 'HOLIDAY', 'Tết Nguyên đán (28 tháng Chạp) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-02-05', 'HOLIDAY', 'Tết Nguyên đán (29 tháng Chạp) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-02-06', 'HOLIDAY', 'Tết Nguyên đán (mùng 1 Tết) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-02-07', 'HOLIDAY', 'Tết Nguyên đán (mùng 2 Tết) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-02-08', 'HOLIDAY', 'Tết Nguyên đán (mùng 3 Tết) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-02-09', 'HOLIDAY', 'Nghỉ bù Tết Nguyên đán (mùng 4 Tết) (dự kiến)', 'Bộ luật Lao động 2019, Điều 111 (dự kiến)'),
('2027-02-10', 'HOLIDAY', 'Nghỉ bù Tết Nguyên đán (mùng 5 Tết) (dự kiến)', 'Bộ luật Lao động 2019, Điều 111 (dự kiến)'),
('2027-04-16', 'HOLIDAY', 'Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-04-30', 'HOLIDAY', 'Ngày Chiến thắng (30/4) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-05-01', 'HOLIDAY', 'Ngày Quốc tế Lao động (1/5) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-05-03', 'HOLIDAY', 'Nghỉ bù Ngày Quốc tế Lao động (dự kiến)', 'Bộ luật Lao động 2019, Điều 111 (dự kiến)'),
('2027-09-02', 'HOLIDAY', 'Quốc khánh (2/9) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)'),
('2027-09-03', 'HOLIDAY', 'Quốc khánh (ngày liền sau 2/9) (dự kiến)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)');
