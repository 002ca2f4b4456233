-- Data collection (issue 18): evidence files of a submission, the comments on it, and its return for correction.
create table datasets_evidence (
    dataset_id     bigint      not null,
    period         text        not null,
    unit_id        bigint      not null,
    sha256         text        not null,
    original_name  text        not null,
    size           bigint      not null,
    content_type   text        not null,
    uploaded_by    text        not null,
    uploaded_at    timestamptz not null,
    primary key (dataset_id, period, unit_id, sha256),
    foreign key (dataset_id, period, unit_id) references datasets_assignment (dataset_id, period, unit_id)
);

-- A comment on a unit's submission; kind RETURN is the reviewer's reason for returning it for correction.
create table datasets_comment (
    id          bigserial   primary key,
    dataset_id  bigint      not null,
    period      text        not null,
    unit_id     bigint      not null,
    kind        text        not null check (kind in ('COMMENT', 'RETURN')),
    revision    int,
    body        text        not null,
    author      text        not null,
    created_at  timestamptz not null,
    foreign key (dataset_id, period, unit_id) references datasets_assignment (dataset_id, period, unit_id)
);
create index datasets_comment_unit on datasets_comment (dataset_id, period, unit_id, id);

-- Returned for correction (trả lại để chỉnh sửa): set by a reviewer, cleared by the unit's next submission.
alter table datasets_submission add column returned_at timestamptz, add column returned_by text, add column returned_revision int;
