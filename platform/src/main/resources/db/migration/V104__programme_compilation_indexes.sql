-- The compilation's "since" of each open bottleneck is the first period the assignment flagged one: with this
-- partial index it is one index-only probe, instead of reading every report of the assignment from the heap
-- (bench/compilation.sh: 4,000 bottlenecks among 2.4 million reports). Few reports are flagged, so it is small.
create index programme_report_bottleneck on programme_report (assignment_id, period) where bottleneck;
