-- Attachments of a document received by edXML beyond its main PDF, kept as they came (QCVN 102:2016 Manifest).
create table document_attachment (
    id             bigserial primary key,
    document_id    bigint    not null references document_document (id),
    ordinal        int       not null,
    content_id     text      not null,
    name           text      not null,
    content_type   text      not null,
    description    text,
    file_sha256    text,
    file_sealed_id bigint,
    unique (document_id, ordinal)
);
