-- A required component the one-stop officer waived at reception (not brought, not needed in this case), with the reason:
-- reception requires every required component present or waived (issue 13).
create table publicservice_waiver (
    dossier_id bigint      not null references publicservice_dossier (id),
    component  text        not null,
    reason     text        not null,
    waived_by  text        not null,
    waived_at  timestamptz not null,
    primary key (dossier_id, component)
);
