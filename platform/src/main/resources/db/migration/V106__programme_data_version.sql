-- A plan's data version: moved by every change to the rows its compilation reads (reports, assignments, tasks,
-- indicators, groups, amendments and the states they keep), in the same transaction as the change. A compilation
-- kept in a node's memory is keyed by it, so every node sees a change at once: the check is one read of this column.
-- Statement-level triggers with transition tables: a batch of thousands of reports moves the version once.

alter table programme_plan add column data_version bigint not null default 0;

create function programme_touch_plans() returns trigger language plpgsql as $$
begin
    update programme_plan set data_version = data_version + 1 where id in (select distinct plan_id from changed);
    return null;
end $$;

create function programme_touch_plans_of_tasks() returns trigger language plpgsql as $$
begin
    update programme_plan set data_version = data_version + 1
    where id in (select distinct t.plan_id from changed c join programme_task t on t.id = c.task_id);
    return null;
end $$;

do $$
declare
    tbl text;
    fn text;
begin
    foreach tbl in array array['programme_report', 'programme_assignment', 'programme_task', 'programme_task_group', 'programme_amendment',
                               'programme_indicator', 'programme_task_state', 'programme_indicator_state'] loop
        fn := case when tbl in ('programme_indicator', 'programme_task_state', 'programme_indicator_state')
                   then 'programme_touch_plans_of_tasks' else 'programme_touch_plans' end;
        execute format('create trigger %I after insert on %I referencing new table as changed for each statement execute function %I()',
                       tbl || '_touch_ins', tbl, fn);
        execute format('create trigger %I after update on %I referencing new table as changed for each statement execute function %I()',
                       tbl || '_touch_upd', tbl, fn);
        execute format('create trigger %I after delete on %I referencing old table as changed for each statement execute function %I()',
                       tbl || '_touch_del', tbl, fn);
    end loop;
end $$;
