-- TLS client certificates for information systems (issue 14 item 3): issued by the issuing CA from the system's own
-- PKCS#10 request (the key never reaches the platform), extendedKeyUsage clientAuth, revoked through the same CRL.
alter table signing_certificate drop constraint signing_certificate_kind_check;
alter table signing_certificate add constraint signing_certificate_kind_check
    check (kind in ('ROOT', 'ISSUING', 'TSA', 'PERSONAL', 'UNIT', 'CLIENT'));
