-- Issue 20: nodes remember who a token is and what an official holds for a few seconds (access.ActorCache).
-- Any change to what those answers are made of notifies 'truongson_access' at commit, and every node forgets.
-- Row-level, so a statement that changes nothing (the hourly purge of expired tokens, mostly) says nothing; PostgreSQL
-- folds the identical notifications of one transaction into one.
create function access_signal_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('truongson_access', tg_table_name);
    return null;
end $$;

-- A token revoked (sign-out, password change, purge). A new token needs no signal: unknown tokens are never cached.
create trigger access_token_signal after delete or update on access_token
    for each row execute function access_signal_change();
-- Who an account is and whether it has a second factor (not the TOTP step or the failure counters of every sign-in).
create trigger access_account_signal after update of official_id, username, password_hash, totp_enabled or delete on access_account
    for each row execute function access_signal_change();
create trigger access_grant_signal after insert or update or delete on access_grant
    for each row execute function access_signal_change();
-- org's tables: the profile the policy asks org for (name, unit, clearance, active) and the unit's code and name.
create trigger org_official_signal after update or delete on org_official
    for each row execute function access_signal_change();
create trigger org_unit_signal after update of code, name, short_name or delete on org_unit
    for each row execute function access_signal_change();
