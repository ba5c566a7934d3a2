"""Offline exchange between the office (督办) and the units (承办单位): signed, encrypted packages.

Overview (issue 7):

- Trust (`keys`, `enrol`): each installation has an Ed25519 signing key and an X25519
  encryption key, kept in a key file beside the database (never in it). The office makes a
  signed enrolment file for a unit; the unit sets up its database from it (role=unit) and
  answers with its public keys; both read a 6×4-hex fingerprint to each other by phone and
  only then `confirm`. Keys can be revoked; re-enrolment revokes the old key.
- Package `.qjpkg` (`envelope`, `payload`): readable JSON header (format, schema, package id,
  sender, recipient, office, sequence, created_at), payload encrypted to the recipient
  (X25519 + HKDF-SHA256 + AES-256-GCM, header as associated data), Ed25519 signature over
  header and ciphertext. The payload is a zip with `records.json` and attachments, read with
  size, ratio and name checks.
- Content (`records`, `export`): office → unit sends item snapshots (with decisions and
  chases), unit → office sends 签收, notes, extension requests, completions and chase replies.
  An outbox per peer gives every record a sequence; a package carries everything the peer has
  not acknowledged, so a lost package is repaired by the next one.
- Import (`importer`, `scope`, `apply_office`, `mirror`, `conflicts`): all checks first, a
  preview that is a rolled-back apply, then one transaction. Stable uids and an inbox of
  (sequence, hash) per record make imports idempotent and order-independent; conflicts are
  stored for a decision. Every change is journalled with the package id and the sender.
- Tables: core migration `0003_exchange`; the SQL for them is in `db.py` (see its docstring).
"""
