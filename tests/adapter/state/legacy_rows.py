"""Rows as freigabe 0.2 wrote them, byte for byte: the ledger must go on reading them.

The steps and the adopted record were written by the code before the ledger was typed
(``jobs.enforce._release`` and ``_plain``, ``jobs.adopt._record``, the step codec of 0.2);
the oldest record is laid out as the first releases of the service wrote them. Changing one
is changing what a state file of today holds: do not edit them, add.
"""

from __future__ import annotations

STEP_RELEASING = (
    '{"audits":[["approval.released","doc-1","2025-03-04T09:30:00+00:00",{"actor":null,"rou'
    'nd":"2","version":"3.0"}]],"document_id":"doc-1","ended":[[{"deadline":"2025-03-08T09:'
    '00:00+00:00","document_id":"doc-1","lead_org":"DWV","number":2,"opened_at":"2025-03-01'
    'T09:00:00+00:00","version":{"content_hash":"hash==","label":"3.0"},"votes":{"DWV":{"ca'
    'st_at":"2025-03-01T10:00:00+00:00","choice":"Zustimmung","voter":"anna@dwv.example"},"'
    'KIV":{"cast_at":"2025-03-01T11:00:00+00:00","choice":"Enthaltung","voter":"kai@kiv.exa'
    'mple"}}},"released","2025-03-04T09:30:00+00:00"]],"library":"vorstand","notices":[["re'
    'leased/doc-1/2","released","2025-03-04T09:30:00+00:00",{"at":"2025-03-04T09:30:00+00:0'
    '0","document_id":"doc-1","key":"released/doc-1/2","kind":"released","round":{"deadline'
    '":"2025-03-08T09:00:00+00:00","document_id":"doc-1","lead_org":"DWV","number":2,"opene'
    'd_at":"2025-03-01T09:00:00+00:00","version":{"content_hash":"hash==","label":"3.0"},"v'
    'otes":{"DWV":{"cast_at":"2025-03-01T10:00:00+00:00","choice":"Zustimmung","voter":"ann'
    'a@dwv.example"},"KIV":{"cast_at":"2025-03-01T11:00:00+00:00","choice":"Enthaltung","vo'
    'ter":"kai@kiv.example"}}},"tally":{"abstain":["KIV"],"approve":["DWV"],"reject":[],"si'
    'lence_as":"Ablehnung","silent":["SPV"]}}],["vote/doc-1/2/KIV","vote_cast","2025-03-04T'
    '09:30:00+00:00",{"actor":"kai@kiv.example","at":"2025-03-04T09:30:00+00:00","choice":"'
    'Enthaltung","document_id":"doc-1","key":"vote/doc-1/2/KIV","kind":"vote_cast","org":"K'
    'IV","round":{"deadline":"2025-03-08T09:00:00+00:00","document_id":"doc-1","lead_org":"'
    'DWV","number":2,"opened_at":"2025-03-01T09:00:00+00:00","version":{"content_hash":"has'
    'h==","label":"3.0"},"votes":{"DWV":{"cast_at":"2025-03-01T10:00:00+00:00","choice":"Zu'
    'stimmung","voter":"anna@dwv.example"},"KIV":{"cast_at":"2025-03-01T11:00:00+00:00","ch'
    'oice":"Enthaltung","voter":"kai@kiv.example"}}}}],["missing/doc-1","missing_metadata",'
    '"2025-03-04T09:30:00+00:00",{"at":"2025-03-04T09:30:00+00:00","document_id":"doc-1","k'
    'ey":"missing/doc-1","kind":"missing_metadata","missing":["Zusammenfassung","Dokumentty'
    'p"],"reason":"x"}]],"opened":null,"processed":{"AbstimmungFrist":null,"FreigabeStatus"'
    ':"Freigegeben"},"releases":[[2,"2025-03-04T09:30:00+00:00",{"content_hash":"hash==","d'
    'ocument_id":"doc-1","document_type":"Leitfaden","lead_org":"DWV","library":"vorstand",'
    '"name":"Leitfaden.docx","released_at":"2025-03-04T09:30:00+00:00","round":2,"rule":{"k'
    'ind":"majority","quorum":"1/2","silence":"block","veto":false},"summary":"Kurz","tally'
    '":{"abstain":["KIV"],"approve":["DWV"],"reject":[],"silence_as":"Ablehnung","silent":['
    '"SPV"]},"title":"Leitfaden","version":"3.0","votes":{"DWV":{"cast_at":"2025-03-01T10:0'
    '0:00+00:00","choice":"Zustimmung","voter":"anna@dwv.example"},"KIV":{"cast_at":"2025-0'
    '3-01T11:00:00+00:00","choice":"Enthaltung","voter":"kai@kiv.example"},"SPV":null},"web'
    '_url":"https://sp.example/Leitfaden.docx"}]],"snapshot":"{\\"content_hash\\":\\"hash==\\",'
    '\\"etag\\":\\"\\\\\\"{E1},5\\\\\\"\\",\\"fields\\":{\\"@odata.etag\\":\\"\\\\\\"e,5\\\\\\"\\",\\"FreigabeStat'
    'us\\":\\"Freigegeben\\",\\"Title\\":\\"Leitfaden\\"},\\"item_id\\":\\"doc-1\\",\\"library\\":\\"vors'
    'tand\\",\\"list_item_id\\":\\"17\\",\\"modified_at\\":\\"2025-03-04T09:30:00+00:00\\",\\"modifie'
    'd_by\\":\\"Anna\\",\\"name\\":\\"Leitfaden.docx\\",\\"size\\":1234,\\"version\\":\\"3.0\\",\\"web_ur'
    'l\\":\\"https://sp.example/Leitfaden.docx\\"}","updated":null,"withdrawn_at":null}'
)
"""A pending step ending round 2 with a release: the ended round, the release record,
three notices (with round and tally; a vote; missing columns), an audit entry, the snapshot."""

STEP_OPENING_AND_WITHDRAWING = (
    '{"audits":[],"document_id":"doc-2","ended":[],"library":"vorstand","notices":[],"opene'
    'd":{"deadline":"2025-03-08T09:00:00+00:00","document_id":"doc-2","lead_org":"SPV","num'
    'ber":1,"opened_at":"2025-03-01T09:00:00+00:00","version":{"content_hash":"h2","label":'
    '"1.0"},"votes":{}},"processed":{"FreigabeStatus":"Zurückgezogen"},"releases":[],"snaps'
    'hot":null,"updated":null,"withdrawn_at":"2025-03-04T09:30:00+00:00"}'
)
"""A pending step with an opened round and a withdrawal, nothing else."""

RECORD_ADOPTED = (
    '{"adopted_at":"2025-03-04T09:30:00+00:00","content_hash":"sha256:ab12","document_id":"'
    'doc-3","document_type":"Ordnung","lead_org":"SPV","library":"vorstand","name":"Satzung'
    '.pdf","released_at":"2024-11-05T14:00:00+00:00","round":0,"rule":{"kind":"übernommen"}'
    ',"sha256":"abababababababababababababababababababababababababababababababab","summary"'
    ':null,"tally":{"abstain":[],"approve":["DWV"],"reject":["SPV"],"silent":["KIV"]},"titl'
    'e":"Satzung","verified_by":"listed","version":"4.0","votes":{"DWV":{"choice":"Zustimmu'
    'ng"},"KIV":{"choice":"keine Stimme"},"SPV":{"choice":"Ablehnung"}},"web_url":null}'
)
"""A release record taken over from an export (``jobs.adopt``): round 0, rule
"übernommen", votes without voter, "keine Stimme" for an organisation without a vote."""

RECORD_BEFORE_SUMMARY = (
    '{"audit_head":{"hash":"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc'
    'c","seq":7},"content_hash":"h4","document_id":"doc-4","lead_org":"DWV","library":"vors'
    'tand","name":"Alt.docx","released_at":"2024-12-02T08:15:00+01:00","round":1,"rule":{"k'
    'ind":"consensus","quorum":"1/2","silence":"block","veto":true},"sha256":"ddddddddddddd'
    'ddddddddddddddddddddddddddddddddddddddddddddddddddd","tally":{"abstain":[],"approve":['
    '"DWV","KIV"],"reject":[],"silence_as":null,"silent":[]},"title":"Alt","verified_by":"q'
    'uickxor","version":"1.0","votes":{"DWV":{"cast_at":"2024-12-01T10:00:00+01:00","choice'
    '":"Zustimmung","voter":"anna@dwv.example"},"KIV":{"cast_at":"2024-12-01T11:00:00+01:00'
    '","choice":"Zustimmung","voter":"kai@kiv.example"}},"web_url":"https://sp.example/Alt.'
    'docx"}'
)
"""A release record from before the summary and the document type were kept, anchored
and published since (``audit_head``, ``sha256``, ``verified_by``)."""
