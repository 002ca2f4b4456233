-- Issue 20, finding 1: every report submission locked its plan's row until commit (V106's triggers moved
-- programme_plan.data_version), so reports on different assignments of one plan waited on each other.
--
-- A plan's data version is now the sum of 64 counters (shards). A change moves one counter: a report or an
-- assignment the one of its assignment (assignment id mod 64), anything else (tasks, groups, indicators,
-- amendments and their states: a coordinator's rare edits) counter 0. Each counter moves under its own row lock,
-- so reports on different assignments rarely meet, and the sum still rises with every committed change: a
-- compilation kept in a node's memory under the sum is never served after a change committed on any node.
-- Within a statement the counters are moved in (plan, shard) order, so two statements cannot deadlock on them.

create table programme_plan_version (
    plan_id bigint   not null references programme_plan (id) on delete cascade,
    shard   smallint not null check (shard between 0 and 63),
    version bigint   not null default 0,
    primary key (plan_id, shard)
);

insert into programme_plan_version (plan_id, shard, version) select id, 0, data_version from programme_plan;

create or replace function programme_touch_plans() returns trigger language plpgsql as $$
begin
    insert into programme_plan_version as v (plan_id, shard, version)
    select plan_id, 0, 1 from changed group by plan_id order by plan_id
    on conflict (plan_id, shard) do update set version = v.version + 1;
    return null;
end $$;

create or replace function programme_touch_plans_of_tasks() returns trigger language plpgsql as $$
begin
    insert into programme_plan_version as v (plan_id, shard, version)
    select t.plan_id, 0, 1 from changed c join programme_task t on t.id = c.task_id group by t.plan_id order by t.plan_id
    on conflict (plan_id, shard) do update set version = v.version + 1;
    return null;
end $$;

create function programme_touch_plans_by_assignment() returns trigger language plpgsql as $$
begin
    insert into programme_plan_version as v (plan_id, shard, version)
    select plan_id, (assignment_id % 64)::smallint, 1 from changed group by 1, 2 order by 1, 2
    on conflict (plan_id, shard) do update set version = v.version + 1;
    return null;
end $$;

create function programme_touch_plans_by_assignment_id() returns trigger language plpgsql as $$
begin
    insert into programme_plan_version as v (plan_id, shard, version)
    select plan_id, (id % 64)::smallint, 1 from changed group by 1, 2 order by 1, 2
    on conflict (plan_id, shard) do update set version = v.version + 1;
    return null;
end $$;

do $$
declare
    tbl text;
    fn text;
    op text;
begin
    foreach tbl in array array['programme_report', 'programme_assignment'] loop
        fn := case tbl when 'programme_report' then 'programme_touch_plans_by_assignment' else 'programme_touch_plans_by_assignment_id' end;
        foreach op in array array['ins', 'upd', 'del'] loop
            execute format('drop trigger %I on %I', tbl || '_touch_' || op, tbl);
        end loop;
        execute format('create trigger %I after insert on %I referencing new table as changed for each statement execute function %I()',
                       tbl || '_touch_ins', tbl, fn);
        execute format('create trigger %I after update on %I referencing new table as changed for each statement execute function %I()',
                       tbl || '_touch_upd', tbl, fn);
        execute format('create trigger %I after delete on %I referencing old table as changed for each statement execute function %I()',
                       tbl || '_touch_del', tbl, fn);
    end loop;
end $$;

alter table programme_plan drop column data_version;
