-- Issue 13: the notes of the ranges the platform ships with, in Vietnamese (as /admin/zones shows them). Only the
-- notes as V2 wrote them are changed: a note an administrator edited stays as it is.
update access_zone_range set note = 'Địa chỉ nội bộ của chính máy chủ (loopback)' where cidr = '127.0.0.0/8' and note = 'Loopback: the machine itself';
update access_zone_range set note = 'Địa chỉ nội bộ của chính máy chủ (loopback IPv6)' where cidr = '::1/128' and note = 'Loopback (IPv6)';
update access_zone_range set note = 'Ví dụ: mạng truyền số liệu quân sự (dải minh họa)' where cidr = '10.0.0.0/8' and note = 'Example: military data network (placeholder range)';
update access_zone_range set note = 'Ví dụ: mạng di động riêng (dải minh họa)' where cidr = '100.64.0.0/10' and note = 'Example: private mobile network (placeholder range)';
