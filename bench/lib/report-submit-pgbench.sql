-- pgbench script for bench/report-submit.sh: the rows one monthly report submission writes, inserted bare (no HTTP, no
-- token, no policy, no validation, no audit row): the report upserted (a new revision of it when it exists, under the
-- same row lock the platform takes) and its revision row, for the current month in Vietnam.
--   -D lo=<first assignment id> -D hi=<last assignment id> -D plan=<plan id>
\set a random(:lo, :hi)
begin;
insert into programme_report (assignment_id, period, plan_id, revision, status, percent_complete, indicator_values, obstacles,
                              bottleneck, proposal, first_submitted_at, on_time, submitted_at)
values (:a, date_trunc('month', now() at time zone 'Asia/Ho_Chi_Minh')::date, :plan, 1, 'IN_PROGRESS', 40, '{"CT1": 3, "CT2": 1.5}', 'Thiếu nhân lực kỹ thuật', false,
        'Đề nghị bổ sung kinh phí', now(), true, now())
on conflict (assignment_id, period) do update set
    revision = programme_report.revision + 1, status = excluded.status, percent_complete = excluded.percent_complete,
    indicator_values = excluded.indicator_values, obstacles = excluded.obstacles, bottleneck = excluded.bottleneck,
    proposal = excluded.proposal, submitted_at = excluded.submitted_at
returning revision \gset
insert into programme_report_revision (assignment_id, period, revision, status, percent_complete, indicator_values, obstacles,
                                       bottleneck, proposal, submitted_at, submitted_by)
values (:a, date_trunc('month', now() at time zone 'Asia/Ho_Chi_Minh')::date, :revision, 'IN_PROGRESS', 40, '{"CT1": 3, "CT2": 1.5}', 'Thiếu nhân lực kỹ thuật', false,
        'Đề nghị bổ sung kinh phí', now(), 'pgbench');
commit;
