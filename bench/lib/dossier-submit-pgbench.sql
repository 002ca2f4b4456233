-- pgbench script for bench/dossier-submit.sh: the rows one dossier submission writes, inserted bare (no HTTP, no
-- token, no validation, no code counter, no audit row): the dossier, its two steps, its first timeline event.
--   -D procedure=<id> -D unit=<id>
begin;
insert into publicservice_dossier (code, procedure_id, unit_id, channel, status, applicant_id_number, applicant_name, applicant_phone,
    form_data, submitted_at, submitted_by)
values ('PGB-' || nextval('bench_dossier_seq'), :procedure, :unit, 'ONLINE', 'SUBMITTED', '001090001234', 'Nguyễn Văn An', '0912345678',
    '{"vesselName":"HAI PHONG STAR","imo":"9123456","flag":"VNM","master":"NGUYEN VAN AN","crew":18,"passengers":0,"port":"Cảng Hải Phòng","eta":"2026-12-01"}',
    now(), 'bench')
returning id \gset
insert into publicservice_dossier_step (dossier_id, ordinal, name, unit_id, role) values
    (:id, 1, 'Tiếp nhận khai báo điện tử', :unit, 'ONE_STOP_OFFICER'), (:id, 2, 'Kiểm tra, chấp thuận nhập cảnh', :unit, 'PROCESSING_OFFICER');
insert into publicservice_event (dossier_id, at, kind, actor, status, note) values (:id, now(), 'SUBMITTED', 'bench', 'SUBMITTED', 'Nộp trực tuyến');
commit;
