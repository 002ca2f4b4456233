-- Issue 13 (document flow): send back and the signer's authority (Decree 30/2020, Art. 13 and Appendix I, II.8).

-- The signer's authority on the draft: KT. (ký thay), TM. (thay mặt), Q. (quyền), TL. (thừa lệnh), TUQ. (thừa ủy quyền);
-- null when the head signs plainly. signer_for is the title (or collective body) signed for: "TƯ LỆNH".
alter table document_document add column signer_authority text check (signer_authority in ('KT', 'TM', 'Q', 'TL', 'TUQ'));
alter table document_document add column signer_for text check (length(signer_for) <= 120);
-- Revisions of a draft: 1 as drafted, +1 on each resubmission after a send-back.
alter table document_document add column revision int not null default 1 check (revision >= 1);

-- Each earlier revision of a draft, kept when the drafter resubmits, with the reason it was sent back.
create table document_revision (
    id             bigserial   primary key,
    document_id    bigint      not null references document_document (id),
    revision       int         not null,
    subject        text        not null,
    file_sha256    text,
    file_sealed_id bigint,
    page_count     int,
    returned_by    bigint      not null,
    returned_name  text        not null,
    reason         text        not null check (length(reason) between 1 and 2000),
    returned_at    timestamptz not null,
    resubmitted_at timestamptz,
    unique (document_id, revision)
);

-- A recipient's copy returned to the sender (trả lại văn bản gửi sai), with the reason.
alter table document_recipient add column returned_reason text check (length(returned_reason) <= 2000);
alter table document_recipient add column returned_at timestamptz;

-- edXML status notices for the sending agency (QCVN 102:2016 Status, StatusCode 02 Từ chối tiếp nhận): kept as sent.
create table document_status_notice (
    id           bigserial   primary key,
    document_id  bigint      not null references document_document (id),
    recipient_id bigint      not null references document_recipient (id),
    code         text        not null,
    to_organ_id  text        not null,
    xml          bytea       not null,
    created_at   timestamptz not null
);
create index document_status_notice_document on document_status_notice (document_id);
