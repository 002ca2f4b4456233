-- Erasing disposed documents (issue 16): once a disposal list is approved the scans' and searchable PDFs' bytes are
-- erased from the file store (files_chunk or the disk) and the sealed files; the item row stays, with the checksums, as
-- part of the destruction's record, and says when its bytes were erased. A content shared with a document still kept
-- (the store is content-addressed) is kept for it.
alter table archive_item add column erased_at timestamptz;
