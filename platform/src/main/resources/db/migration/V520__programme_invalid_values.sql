-- Issue 10, finding 6: figures stored before the edge enforced API.md's range (finite, |x| <= 10^15, at most 6 decimals)
-- are found and marked here, once; the compilation leaves such a value out and names it (Compilation.invalidValues)
-- whether or not it is marked, so that reading never fails on what is stored. The rows stay as they were: correcting a
-- figure is the reporter's (a new revision), and the mark says what was found and when.
create table programme_invalid_value (
    id            bigserial   primary key,
    source        text        not null check (source in ('REPORT', 'REPORT_REVISION', 'INDICATOR', 'INDICATOR_STATE')),
    assignment_id bigint,
    period        date,
    revision      int,
    task_id       bigint,
    version       int,
    field         text        not null,
    value         text        not null, -- the stored value as text, cut to 100 characters
    found_at      timestamptz not null default now()
);

create index programme_invalid_value_assignment on programme_invalid_value (assignment_id, period);
create index programme_invalid_value_task on programme_invalid_value (task_id);

-- A stored JSON figure is valid when it is null (no value) or a number within the range; text, objects and
-- out-of-range numbers are not. CASE keeps the cast away from what is not a number.
create function programme_valid_figure(v jsonb) returns boolean language sql immutable as $$
    select case jsonb_typeof(v)
               when 'null' then true
               when 'number' then abs(v::numeric) <= 1e15 and scale(v::numeric) <= 6
               else false end
$$;

create function programme_valid_figure(v numeric) returns boolean language sql immutable as $$
    select v is null or (abs(v) <= 1e15 and scale(v) <= 6)
$$;

insert into programme_invalid_value (source, assignment_id, period, revision, task_id, field, value)
select 'REPORT', r.assignment_id, r.period, r.revision, a.task_id, 'indicatorValues.' || e.key, left(e.value::text, 100)
from programme_report r
join programme_assignment a on a.id = r.assignment_id
cross join lateral jsonb_each(case when jsonb_typeof(r.indicator_values) = 'object' then r.indicator_values else '{}'::jsonb end) e
where not programme_valid_figure(e.value);

insert into programme_invalid_value (source, assignment_id, period, revision, task_id, field, value)
select 'REPORT_REVISION', r.assignment_id, r.period, r.revision, a.task_id, 'indicatorValues.' || e.key, left(e.value::text, 100)
from programme_report_revision r
join programme_assignment a on a.id = r.assignment_id
cross join lateral jsonb_each(case when jsonb_typeof(r.indicator_values) = 'object' then r.indicator_values else '{}'::jsonb end) e
where not programme_valid_figure(e.value);

insert into programme_invalid_value (source, task_id, field, value)
select 'INDICATOR', i.task_id, 'indicators.' || i.code || '.target', left(i.target::text, 100)
from programme_indicator i
where not programme_valid_figure(i.target);

insert into programme_invalid_value (source, task_id, version, field, value)
select 'INDICATOR_STATE', s.task_id, s.version, 'indicators.' || s.code || '.target', left(s.target::text, 100)
from programme_indicator_state s
where not programme_valid_figure(s.target);
