-- Issue 11: the inner nodes of the audit Merkle tree, so that an inclusion or consistency proof reads O(log n) rows
-- instead of every leaf. A node at level L (L >= 1; level 0 are the leaves in audit_leaf) and index i is MTH of the
-- perfect subtree of leaves [i * 2^L, (i + 1) * 2^L): SHA-256(0x01 || left || right) (RFC 9162). The sealer writes
-- each node once, when its subtree becomes complete; nothing ever changes one.
create table audit_node (
    level smallint not null check (level >= 1 and level <= 63),
    idx   bigint   not null check (idx >= 0),
    hash  bytea    not null check (length(hash) = 32),
    primary key (level, idx)
);
create trigger audit_node_no_update before update or delete on audit_node
    for each row execute function audit_event_append_only();
create trigger audit_node_no_truncate before truncate on audit_node
    for each statement execute function audit_event_append_only();

-- The nodes of the tree sealed so far.
do $$
declare
    lvl int := 1;
    n bigint;
begin
    insert into audit_node (level, idx, hash)
    select 1, l.leaf_index / 2, sha256('\x01'::bytea || l.leaf_hash || r.leaf_hash)
    from audit_leaf l join audit_leaf r on r.leaf_index = l.leaf_index + 1
    where l.leaf_index % 2 = 0;
    loop
        insert into audit_node (level, idx, hash)
        select lvl + 1, a.idx / 2, sha256('\x01'::bytea || a.hash || b.hash)
        from audit_node a join audit_node b on b.level = lvl and b.idx = a.idx + 1
        where a.level = lvl and a.idx % 2 = 0;
        get diagnostics n = row_count;
        exit when n = 0;
        lvl := lvl + 1;
    end loop;
end $$;
