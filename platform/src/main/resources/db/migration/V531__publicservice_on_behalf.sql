-- Filing on behalf of another person (nộp thay, issue 10 finding 11). The applicant of an online dossier is always the
-- signed-in citizen (from the e-ID); when he files for someone else, the relation he states and the person he files for
-- are kept here, shown to the one-stop officer and audited.
alter table publicservice_dossier
    add column on_behalf_relation text check (on_behalf_relation in ('PARENT', 'GUARDIAN', 'AUTHORISED_REPRESENTATIVE')),
    add column subject_id_number  text,
    add column subject_name       text,
    add column subject_birth      date,
    add constraint publicservice_dossier_on_behalf_whole
        check ((on_behalf_relation is null) = (subject_id_number is null) and (on_behalf_relation is null) = (subject_name is null));
