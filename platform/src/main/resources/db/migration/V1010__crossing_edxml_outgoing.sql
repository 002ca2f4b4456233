-- Issue 15: edXML across the gateway. On a low node, the official documents of the high side sent by edXML to agencies
-- outside the military network, as they arrived through the gateway (after its checks and a two-person release): the
-- whole edXML message, kept once per message id for the national document axis.
create table crossing_edxml_outgoing (
    message_id   text primary key,
    document_id  text not null,
    from_organ   text not null,
    to_organs    text not null,
    subject      text not null,
    body         bytea not null,
    arrived_at   timestamptz not null default now()
);
