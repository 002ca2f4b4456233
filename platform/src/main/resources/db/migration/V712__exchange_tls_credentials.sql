-- TLS client certificates as a system's credentials (issue 14 item 3): kind TLS, the certificate's serial at the
-- signing CA and the SHA-256 of its DER (what the trusted proxy passes); no secret. Revoking one moves the catalogue's
-- version (the existing trigger), so it fails on every node at the next call, and the CA's CRL carries it for others.
alter table exchange_credential add column kind text not null default 'SECRET' check (kind in ('SECRET', 'TLS'));
alter table exchange_credential add column cert_serial text;
alter table exchange_credential add column cert_sha256 text unique;
alter table exchange_credential alter column secret_hash drop not null;
alter table exchange_credential add constraint exchange_credential_kind_fields
    check ((kind = 'SECRET') = (secret_hash is not null) and (kind = 'TLS') = (cert_sha256 is not null and cert_serial is not null));
