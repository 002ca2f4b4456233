-- Disposal needs two persons (issue 16; Law on Archives 2024): the official who proposed a list may not decide it, even
-- when he holds both ARCHIVIST and COMMANDER, and even should his account's name change between the two steps. The
-- officials are kept beside the names, and the database refuses a decision by the proposer whatever the code does.
alter table archive_disposal add column proposed_by_official bigint;
alter table archive_disposal add column decided_by_official bigint;
alter table archive_disposal add constraint archive_disposal_two_persons
    check (decided_by is null or (decided_by <> proposed_by and (decided_by_official is null or proposed_by_official is null
           or decided_by_official <> proposed_by_official))) not valid;
