-- Classified digitisation (issue 16): a scan of a batch at Mật or above, and its searchable PDF, are sealed
-- (files.SealedFiles, encrypted at rest with a key per file) and named here by the sealed file's id; the
-- content-addressed store never holds them. source_sha256 stays the plaintext's checksum, for integrity.
alter table archive_item add column source_sealed_id bigint, add column ocr_sealed_id bigint;
alter table archive_item add constraint archive_item_sealed_when_classified
    check ((secrecy_rank = 0 and source_sealed_id is null and ocr_sealed_id is null) or (secrecy_rank > 0 and source_sealed_id is not null));
