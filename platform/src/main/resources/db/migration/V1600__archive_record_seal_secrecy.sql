-- Records, continued (issue 16). The hand-over package carries the unit's seal: a Decree-30 page naming the SHA-256 of
-- the bag's payload manifest, signed as the unit (signing.Signatures.signAsUnit, PAdES), made once at hand-over and kept
-- (in the file store, or sealed for a classified record) so that the package is made again byte for byte.
alter table archive_record add column seal_sha256 text check (seal_sha256 ~ '^[0-9a-f]{64}$'),
                           add column seal_sealed_id bigint;
-- A record may be classified (secrecy_rank, present since V901): the policy decides who sees it, a classified document
-- goes only into a record of at least its level, and a disposal list carries the highest level of its records.
alter table archive_disposal add column secrecy_rank int not null default 0;
