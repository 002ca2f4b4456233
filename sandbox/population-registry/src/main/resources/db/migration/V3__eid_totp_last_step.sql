-- A one-time code works once: the last time step a code of the account was accepted for. A code of that step or
-- an earlier one is refused, as the platform does for its officials (access_account.totp_last_step).
alter table eid_account add column totp_last_step bigint not null default 0;
