"""The server side: a schema, roles and SECURITY DEFINER functions installed on an existing PostgreSQL.

No application server of ours. Users log in as their own PostgreSQL roles, members of
`lighttrack_user`, which may only EXECUTE the `lt_*` functions; the functions run as
`lighttrack_owner` and check that the vault belongs to `session_user`. Row-level security
(forced, keyed on `session_user`) fences the tables a second time. The server stores only
opaque ids, counters, padded ciphertext and the wrapped vault key.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the append-only log of sealed versions, ordered by a per-vault counter row.
    r"""
CREATE TABLE lighttrack.vault (
    vault_id uuid PRIMARY KEY,
    owner name NOT NULL DEFAULT session_user,
    format int NOT NULL,
    head_seq bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX vault_owner ON lighttrack.vault (owner);
CREATE TABLE lighttrack.vault_key (
    vault_id uuid NOT NULL REFERENCES lighttrack.vault ON DELETE CASCADE,
    key_id uuid NOT NULL,
    wrapped bytea NOT NULL,
    kdf jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vault_id, key_id));
CREATE TABLE lighttrack.device (
    vault_id uuid NOT NULL REFERENCES lighttrack.vault ON DELETE CASCADE,
    device_id bytea NOT NULL,
    epoch bytea NOT NULL,
    last_counter bigint NOT NULL DEFAULT 0,
    added_at timestamptz NOT NULL DEFAULT now(),
    last_seen timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (vault_id, device_id, epoch));
CREATE TABLE lighttrack.change (
    vault_id uuid NOT NULL REFERENCES lighttrack.vault ON DELETE CASCADE,
    seq bigint NOT NULL,
    record_key bytea NOT NULL,
    device_id bytea NOT NULL,
    epoch bytea NOT NULL,
    device_counter bigint NOT NULL,
    key_id uuid NOT NULL,
    blob bytea NOT NULL,
    blob_sha256 bytea NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vault_id, seq),
    UNIQUE (vault_id, device_id, epoch, device_counter));

ALTER TABLE lighttrack.vault ENABLE ROW LEVEL SECURITY;
ALTER TABLE lighttrack.vault FORCE ROW LEVEL SECURITY;
CREATE POLICY own_vault ON lighttrack.vault USING (owner = session_user);
DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['vault_key', 'device', 'change'] LOOP
    EXECUTE format('ALTER TABLE lighttrack.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE lighttrack.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY own_rows ON lighttrack.%I USING (vault_id IN '
                   '(SELECT vault_id FROM lighttrack.vault WHERE owner = session_user))', t);
  END LOOP;
END $$;

CREATE FUNCTION lighttrack.lt_owned(p_vault uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM lighttrack.vault WHERE vault_id = p_vault AND owner = session_user) THEN
    RAISE EXCEPTION 'no such vault for this user' USING ERRCODE = '42501';
  END IF;
END $$;

CREATE FUNCTION lighttrack.lt_vault_create(p_vault uuid, p_format int, p_key_id uuid, p_wrapped bytea, p_kdf jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  INSERT INTO vault (vault_id, format) VALUES (p_vault, p_format);
  INSERT INTO vault_key (vault_id, key_id, wrapped, kdf) VALUES (p_vault, p_key_id, p_wrapped, p_kdf);
END $$;

CREATE FUNCTION lighttrack.lt_vault_get()
RETURNS TABLE (vault_id uuid, format int, key_id uuid, wrapped bytea, kdf jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
  SELECT v.vault_id, v.format, k.key_id, k.wrapped, k.kdf FROM vault v JOIN vault_key k USING (vault_id)
  WHERE v.owner = session_user ORDER BY k.created_at DESC LIMIT 1
$$;

CREATE FUNCTION lighttrack.lt_hello(p_vault uuid, p_device bytea, p_epoch bytea)
RETURNS TABLE (server_ms bigint, last_counter bigint, revoked boolean, head_seq bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  INSERT INTO device (vault_id, device_id, epoch) VALUES (p_vault, p_device, p_epoch)
    ON CONFLICT (vault_id, device_id, epoch) DO UPDATE SET last_seen = now();
  RETURN QUERY SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
    (SELECT max(d.last_counter) FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.epoch = p_epoch),
    EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL),
    (SELECT v.head_seq FROM vault v WHERE v.vault_id = p_vault);
END $$;

CREATE FUNCTION lighttrack.lt_push(p_vault uuid, p_device bytea, p_epoch bytea, p_keys bytea[],
                                   p_counters bigint[], p_key_ids uuid[], p_blobs bytea[])
RETURNS TABLE (device_counter bigint, seq bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
DECLARE
  n int := coalesce(array_length(p_keys, 1), 0);
  head bigint;
  i int;
  found_hash bytea;
  given_seq bigint;
BEGIN
  PERFORM lt_owned(p_vault);
  IF EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL) THEN
    RAISE EXCEPTION 'this device was removed from the vault' USING ERRCODE = '42501';
  END IF;
  -- the row lock serialises writers of one vault, so seq order is commit order
  UPDATE vault v SET head_seq = v.head_seq + n WHERE v.vault_id = p_vault RETURNING v.head_seq - n INTO head;
  FOR i IN 1 .. n LOOP
    SELECT c.blob_sha256, c.seq INTO found_hash, given_seq FROM change c
      WHERE c.vault_id = p_vault AND c.device_id = p_device AND c.epoch = p_epoch AND c.device_counter = p_counters[i];
    IF found_hash IS NULL THEN
      head := head + 1;
      INSERT INTO change (vault_id, seq, record_key, device_id, epoch, device_counter, key_id, blob, blob_sha256)
        VALUES (p_vault, head, p_keys[i], p_device, p_epoch, p_counters[i], p_key_ids[i], p_blobs[i],
                sha256(p_blobs[i]));
      given_seq := head;
    ELSIF found_hash <> sha256(p_blobs[i]) THEN
      RAISE EXCEPTION 'counter % of this device epoch was already used for other data', p_counters[i]
        USING ERRCODE = '23505';
    END IF;
    device_counter := p_counters[i];
    seq := given_seq;
    RETURN NEXT;
  END LOOP;
  -- give back the numbers that duplicates did not use, so head_seq stays the last seq
  UPDATE vault v SET head_seq = head WHERE v.vault_id = p_vault;
  UPDATE device d SET last_counter = greatest(d.last_counter, (SELECT max(x) FROM unnest(p_counters) x)),
    last_seen = now() WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.epoch = p_epoch;
  PERFORM pg_notify('lt_' || replace(p_vault::text, '-', ''), head::text);
END $$;

CREATE FUNCTION lighttrack.lt_pull(p_vault uuid, p_after bigint, p_limit int)
RETURNS TABLE (seq bigint, record_key bytea, device_id bytea, epoch bytea, device_counter bigint, key_id uuid,
               blob bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  RETURN QUERY SELECT c.seq, c.record_key, c.device_id, c.epoch, c.device_counter, c.key_id, c.blob
    FROM change c WHERE c.vault_id = p_vault AND c.seq > p_after ORDER BY c.seq LIMIT p_limit;
END $$;

CREATE FUNCTION lighttrack.lt_devices(p_vault uuid)
RETURNS TABLE (device_id bytea, epochs int, added_at timestamptz, last_seen timestamptz, revoked boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  RETURN QUERY SELECT d.device_id, count(*)::int, min(d.added_at), max(d.last_seen), bool_or(d.revoked_at IS NOT NULL)
    FROM device d WHERE d.vault_id = p_vault GROUP BY d.device_id ORDER BY min(d.added_at);
END $$;

CREATE FUNCTION lighttrack.lt_device_revoke(p_vault uuid, p_device bytea)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  UPDATE device d SET revoked_at = now() WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NULL;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA lighttrack FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA lighttrack FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_vault_create(uuid, int, uuid, bytea, jsonb), lighttrack.lt_vault_get(),
  lighttrack.lt_hello(uuid, bytea, bytea), lighttrack.lt_push(uuid, bytea, bytea, bytea[], bigint[], uuid[], bytea[]),
  lighttrack.lt_pull(uuid, bigint, int), lighttrack.lt_devices(uuid), lighttrack.lt_device_revoke(uuid, bytea)
  TO lighttrack_user;
""",
    # 2: snapshots, so a fresh device starts from one device's sealed state instead of the whole log;
    #    the vault's format in the greeting, so a device stops writing to a vault newer than it understands;
    #    pairing slots, so a new device joins with a one-time code instead of the passphrase; a record's history.
    r"""
DROP FUNCTION lighttrack.lt_hello(uuid, bytea, bytea);
CREATE FUNCTION lighttrack.lt_hello(p_vault uuid, p_device bytea, p_epoch bytea)
RETURNS TABLE (server_ms bigint, last_counter bigint, revoked boolean, head_seq bigint, format int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  INSERT INTO device (vault_id, device_id, epoch) VALUES (p_vault, p_device, p_epoch)
    ON CONFLICT (vault_id, device_id, epoch) DO UPDATE SET last_seen = now();
  RETURN QUERY SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
    (SELECT max(d.last_counter) FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.epoch = p_epoch),
    EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL),
    v.head_seq, v.format FROM vault v WHERE v.vault_id = p_vault;
END $$;
REVOKE ALL ON FUNCTION lighttrack.lt_hello(uuid, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_hello(uuid, bytea, bytea) TO lighttrack_user;

CREATE TABLE lighttrack.snapshot (
    vault_id uuid NOT NULL REFERENCES lighttrack.vault ON DELETE CASCADE,
    upto_seq bigint NOT NULL,
    part int NOT NULL,
    key_id uuid NOT NULL,
    blob bytea NOT NULL,
    made_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vault_id, upto_seq, part));
ALTER TABLE lighttrack.snapshot ENABLE ROW LEVEL SECURITY;
ALTER TABLE lighttrack.snapshot FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON lighttrack.snapshot USING (vault_id IN
  (SELECT vault_id FROM lighttrack.vault WHERE owner = session_user));

CREATE FUNCTION lighttrack.lt_snapshot_upto(p_vault uuid)
RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  RETURN coalesce((SELECT max(s.upto_seq) FROM snapshot s WHERE s.vault_id = p_vault), 0);
END $$;

CREATE FUNCTION lighttrack.lt_snapshot_put(p_vault uuid, p_device bytea, p_upto bigint, p_key_id uuid, p_blobs bytea[])
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
DECLARE
  head bigint;
BEGIN
  PERFORM lt_owned(p_vault);
  IF EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL) THEN
    RAISE EXCEPTION 'this device was removed from the vault' USING ERRCODE = '42501';
  END IF;
  -- the vault row lock orders snapshot writers with each other and with pushes
  SELECT v.head_seq INTO head FROM vault v WHERE v.vault_id = p_vault FOR UPDATE;
  IF p_upto > head OR p_upto <= lt_snapshot_upto(p_vault) OR coalesce(array_length(p_blobs, 1), 0) = 0 THEN
    RETURN false;
  END IF;
  DELETE FROM snapshot s WHERE s.vault_id = p_vault;
  INSERT INTO snapshot (vault_id, upto_seq, part, key_id, blob)
    SELECT p_vault, p_upto, i - 1, p_key_id, p_blobs[i] FROM generate_subscripts(p_blobs, 1) i;
  RETURN true;
END $$;

CREATE FUNCTION lighttrack.lt_snapshot_get(p_vault uuid)
RETURNS TABLE (upto_seq bigint, part int, key_id uuid, blob bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  RETURN QUERY SELECT s.upto_seq, s.part, s.key_id, s.blob FROM snapshot s
    WHERE s.vault_id = p_vault ORDER BY s.part;
END $$;

CREATE TABLE lighttrack.pairing (
    slot_id bytea PRIMARY KEY,
    vault_id uuid NOT NULL REFERENCES lighttrack.vault ON DELETE CASCADE,
    blob bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used boolean NOT NULL DEFAULT false);
ALTER TABLE lighttrack.pairing ENABLE ROW LEVEL SECURITY;
ALTER TABLE lighttrack.pairing FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON lighttrack.pairing USING (vault_id IN
  (SELECT vault_id FROM lighttrack.vault WHERE owner = session_user));

-- a one-time slot holding the vault key sealed under a secret only the pairing code carries
CREATE FUNCTION lighttrack.lt_pair_put(p_vault uuid, p_slot bytea, p_blob bytea, p_seconds int)
RETURNS timestamptz LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
DECLARE
  expires timestamptz := now() + make_interval(secs => least(greatest(p_seconds, 60), 3600));
BEGIN
  PERFORM lt_owned(p_vault);
  DELETE FROM pairing p WHERE p.vault_id = p_vault AND (p.used OR p.expires_at < now());
  INSERT INTO pairing (slot_id, vault_id, blob, expires_at) VALUES (p_slot, p_vault, p_blob, expires);
  RETURN expires;
END $$;

CREATE FUNCTION lighttrack.lt_pair_take(p_slot bytea)
RETURNS TABLE (vault_id uuid, blob bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  RETURN QUERY UPDATE pairing p SET used = true
    WHERE p.slot_id = p_slot AND NOT p.used AND p.expires_at > now()
      AND p.vault_id IN (SELECT v.vault_id FROM vault v WHERE v.owner = session_user)
    RETURNING p.vault_id, p.blob;
END $$;

-- every version of one record, newest first: the history a user restores from
CREATE INDEX change_record ON lighttrack.change (vault_id, record_key, seq);
CREATE FUNCTION lighttrack.lt_history(p_vault uuid, p_record bytea, p_limit int)
RETURNS TABLE (seq bigint, record_key bytea, device_id bytea, epoch bytea, device_counter bigint, key_id uuid,
               blob bytea, received_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  RETURN QUERY SELECT c.seq, c.record_key, c.device_id, c.epoch, c.device_counter, c.key_id, c.blob, c.received_at
    FROM change c WHERE c.vault_id = p_vault AND c.record_key = p_record ORDER BY c.seq DESC LIMIT p_limit;
END $$;

REVOKE ALL ON lighttrack.snapshot, lighttrack.pairing FROM PUBLIC;
REVOKE ALL ON FUNCTION lighttrack.lt_history(uuid, bytea, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_history(uuid, bytea, int) TO lighttrack_user;
REVOKE ALL ON FUNCTION lighttrack.lt_pair_put(uuid, bytea, bytea, int), lighttrack.lt_pair_take(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_pair_put(uuid, bytea, bytea, int), lighttrack.lt_pair_take(bytea)
  TO lighttrack_user;
REVOKE ALL ON FUNCTION lighttrack.lt_snapshot_upto(uuid), lighttrack.lt_snapshot_put(uuid, bytea, bigint, uuid, bytea[]),
  lighttrack.lt_snapshot_get(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_snapshot_upto(uuid), lighttrack.lt_snapshot_put(uuid, bytea, bigint, uuid, bytea[]),
  lighttrack.lt_snapshot_get(uuid) TO lighttrack_user;
""",
    # 3: key rotation when a device is removed: each new key row keeps the key it replaced sealed under itself,
    #    and pushes sealed with a replaced key are refused (the removed device still knows the old key).
    r"""
ALTER TABLE lighttrack.vault_key ADD COLUMN older bytea;

CREATE FUNCTION lighttrack.lt_current_key(p_vault uuid)
RETURNS uuid LANGUAGE sql STABLE SET search_path = lighttrack, pg_temp AS $$
  SELECT k.key_id FROM vault_key k WHERE k.vault_id = p_vault ORDER BY k.created_at DESC LIMIT 1
$$;

CREATE FUNCTION lighttrack.lt_vault_rotate(p_vault uuid, p_device bytea, p_old uuid, p_new uuid, p_wrapped bytea,
                                           p_kdf jsonb, p_older bytea)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  PERFORM 1 FROM vault v WHERE v.vault_id = p_vault FOR UPDATE;  -- one rotation at a time
  IF EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL) THEN
    RAISE EXCEPTION 'this device was removed from the vault' USING ERRCODE = '42501';
  END IF;
  IF lt_current_key(p_vault) IS DISTINCT FROM p_old THEN
    RETURN false;
  END IF;
  INSERT INTO vault_key (vault_id, key_id, wrapped, kdf, older, created_at)
    VALUES (p_vault, p_new, p_wrapped, p_kdf, p_older, clock_timestamp());
  RETURN true;
END $$;

DROP FUNCTION lighttrack.lt_hello(uuid, bytea, bytea);
CREATE FUNCTION lighttrack.lt_hello(p_vault uuid, p_device bytea, p_epoch bytea)
RETURNS TABLE (server_ms bigint, last_counter bigint, revoked boolean, head_seq bigint, format int, key_id uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  INSERT INTO device (vault_id, device_id, epoch) VALUES (p_vault, p_device, p_epoch)
    ON CONFLICT (vault_id, device_id, epoch) DO UPDATE SET last_seen = now();
  RETURN QUERY SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
    (SELECT max(d.last_counter) FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.epoch = p_epoch),
    EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL),
    v.head_seq, v.format, lt_current_key(p_vault) FROM vault v WHERE v.vault_id = p_vault;
END $$;
REVOKE ALL ON FUNCTION lighttrack.lt_hello(uuid, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_hello(uuid, bytea, bytea) TO lighttrack_user;

CREATE FUNCTION lighttrack.lt_key_chain(p_vault uuid)
RETURNS TABLE (key_id uuid, older bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  RETURN QUERY SELECT k.key_id, k.older FROM vault_key k WHERE k.vault_id = p_vault ORDER BY k.created_at DESC;
END $$;

CREATE OR REPLACE FUNCTION lighttrack.lt_push(p_vault uuid, p_device bytea, p_epoch bytea, p_keys bytea[],
                                   p_counters bigint[], p_key_ids uuid[], p_blobs bytea[])
RETURNS TABLE (device_counter bigint, seq bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
DECLARE
  n int := coalesce(array_length(p_keys, 1), 0);
  head bigint;
  i int;
  found_hash bytea;
  given_seq bigint;
BEGIN
  PERFORM lt_owned(p_vault);
  IF EXISTS (SELECT 1 FROM unnest(p_key_ids) k WHERE k IS DISTINCT FROM lt_current_key(p_vault)) THEN
    RAISE EXCEPTION 'the vault key changed: this device needs the passphrase again' USING ERRCODE = 'LT001';
  END IF;
  IF EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL) THEN
    RAISE EXCEPTION 'this device was removed from the vault' USING ERRCODE = '42501';
  END IF;
  -- the row lock serialises writers of one vault, so seq order is commit order
  UPDATE vault v SET head_seq = v.head_seq + n WHERE v.vault_id = p_vault RETURNING v.head_seq - n INTO head;
  FOR i IN 1 .. n LOOP
    SELECT c.blob_sha256, c.seq INTO found_hash, given_seq FROM change c
      WHERE c.vault_id = p_vault AND c.device_id = p_device AND c.epoch = p_epoch AND c.device_counter = p_counters[i];
    IF found_hash IS NULL THEN
      head := head + 1;
      INSERT INTO change (vault_id, seq, record_key, device_id, epoch, device_counter, key_id, blob, blob_sha256)
        VALUES (p_vault, head, p_keys[i], p_device, p_epoch, p_counters[i], p_key_ids[i], p_blobs[i],
                sha256(p_blobs[i]));
      given_seq := head;
    ELSIF found_hash <> sha256(p_blobs[i]) THEN
      RAISE EXCEPTION 'counter % of this device epoch was already used for other data', p_counters[i]
        USING ERRCODE = '23505';
    END IF;
    device_counter := p_counters[i];
    seq := given_seq;
    RETURN NEXT;
  END LOOP;
  -- give back the numbers that duplicates did not use, so head_seq stays the last seq
  UPDATE vault v SET head_seq = head WHERE v.vault_id = p_vault;
  UPDATE device d SET last_counter = greatest(d.last_counter, (SELECT max(x) FROM unnest(p_counters) x)),
    last_seen = now() WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.epoch = p_epoch;
  PERFORM pg_notify('lt_' || replace(p_vault::text, '-', ''), head::text);
END $$;

REVOKE ALL ON FUNCTION lighttrack.lt_current_key(uuid), lighttrack.lt_key_chain(uuid),
  lighttrack.lt_vault_rotate(uuid, bytea, uuid, uuid, bytea, jsonb, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_key_chain(uuid),
  lighttrack.lt_vault_rotate(uuid, bytea, uuid, uuid, bytea, jsonb, bytea) TO lighttrack_user;
""",
    # 4: a history window. When a snapshot is put, the versions it covers that are older than 90 days and that
    #    a later version of the same record followed are deleted (the newest version of each record stays, so does
    #    every version of the window, for "restore this version"). A device that had not read them yet (away longer
    #    than the window) is refused by lt_pull with PRUNED and merges the snapshot, which holds their effect (a
    #    sibling among them is a sibling there), before it reads on.
    r"""
ALTER TABLE lighttrack.vault ADD COLUMN pruned_upto bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION lighttrack.lt_pull(p_vault uuid, p_after bigint, p_limit int)
RETURNS TABLE (seq bigint, record_key bytea, device_id bytea, epoch bytea, device_counter bigint, key_id uuid,
               blob bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  IF p_after < (SELECT v.pruned_upto FROM vault v WHERE v.vault_id = p_vault) THEN
    RAISE EXCEPTION 'versions after position % left the history window: start from the snapshot', p_after
      USING ERRCODE = 'LT002';
  END IF;
  RETURN QUERY SELECT c.seq, c.record_key, c.device_id, c.epoch, c.device_counter, c.key_id, c.blob
    FROM change c WHERE c.vault_id = p_vault AND c.seq > p_after ORDER BY c.seq LIMIT p_limit;
END $$;

CREATE OR REPLACE FUNCTION lighttrack.lt_snapshot_put(p_vault uuid, p_device bytea, p_upto bigint, p_key_id uuid,
                                                      p_blobs bytea[])
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
DECLARE
  head bigint;
BEGIN
  PERFORM lt_owned(p_vault);
  IF EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL) THEN
    RAISE EXCEPTION 'this device was removed from the vault' USING ERRCODE = '42501';
  END IF;
  -- the vault row lock orders snapshot writers with each other and with pushes
  SELECT v.head_seq INTO head FROM vault v WHERE v.vault_id = p_vault FOR UPDATE;
  IF p_upto > head OR p_upto <= lt_snapshot_upto(p_vault) OR coalesce(array_length(p_blobs, 1), 0) = 0 THEN
    RETURN false;
  END IF;
  DELETE FROM snapshot s WHERE s.vault_id = p_vault;
  INSERT INTO snapshot (vault_id, upto_seq, part, key_id, blob)
    SELECT p_vault, p_upto, i - 1, p_key_id, p_blobs[i] FROM generate_subscripts(p_blobs, 1) i;
  WITH gone AS (
    DELETE FROM change c WHERE c.vault_id = p_vault AND c.seq <= p_upto
      AND c.received_at < now() - interval '90 days'
      AND EXISTS (SELECT 1 FROM change n WHERE n.vault_id = p_vault AND n.record_key = c.record_key AND n.seq > c.seq)
    RETURNING c.seq)
  UPDATE vault v SET pruned_upto = greatest(v.pruned_upto, (SELECT max(g.seq) FROM gone g))
    WHERE v.vault_id = p_vault AND EXISTS (SELECT 1 FROM gone);
  RETURN true;
END $$;
""",    # 5: window activity, off by default: each device that turns it on leaves its own finished days of tracked
    #    windows, one sealed blob per (device, day), replaced when that device rewrites the day (forgetting an app);
    #    the others read them in the order they arrived.
    r"""
ALTER TABLE lighttrack.vault ADD COLUMN span_head bigint NOT NULL DEFAULT 0;
CREATE TABLE lighttrack.span_day (
    vault_id uuid NOT NULL REFERENCES lighttrack.vault ON DELETE CASCADE,
    device_id bytea NOT NULL,
    day date NOT NULL,
    seq bigint NOT NULL,
    key_id uuid NOT NULL,
    blob bytea NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vault_id, device_id, day));
CREATE INDEX span_day_seq ON lighttrack.span_day (vault_id, seq);
ALTER TABLE lighttrack.span_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE lighttrack.span_day FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON lighttrack.span_day USING (vault_id IN
  (SELECT vault_id FROM lighttrack.vault WHERE owner = session_user));

CREATE FUNCTION lighttrack.lt_span_put(p_vault uuid, p_device bytea, p_days date[], p_key_id uuid, p_blobs bytea[])
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
DECLARE
  head bigint;
BEGIN
  PERFORM lt_owned(p_vault);
  IF p_key_id IS DISTINCT FROM lt_current_key(p_vault) THEN
    RAISE EXCEPTION 'the vault key changed: this device needs the passphrase again' USING ERRCODE = 'LT001';
  END IF;
  IF EXISTS (SELECT 1 FROM device d WHERE d.vault_id = p_vault AND d.device_id = p_device AND d.revoked_at IS NOT NULL) THEN
    RAISE EXCEPTION 'this device was removed from the vault' USING ERRCODE = '42501';
  END IF;
  UPDATE vault v SET span_head = v.span_head + coalesce(array_length(p_days, 1), 0) WHERE v.vault_id = p_vault
    RETURNING v.span_head - coalesce(array_length(p_days, 1), 0) INTO head;
  INSERT INTO span_day (vault_id, device_id, day, seq, key_id, blob)
    SELECT p_vault, p_device, p_days[i], head + i, p_key_id, p_blobs[i] FROM generate_subscripts(p_days, 1) i
    ON CONFLICT (vault_id, device_id, day) DO UPDATE
      SET seq = excluded.seq, key_id = excluded.key_id, blob = excluded.blob, received_at = now();
  RETURN head + coalesce(array_length(p_days, 1), 0);
END $$;

CREATE FUNCTION lighttrack.lt_span_pull(p_vault uuid, p_after bigint, p_limit int)
RETURNS TABLE (seq bigint, device_id bytea, day date, key_id uuid, blob bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = lighttrack, pg_temp AS $$
BEGIN
  PERFORM lt_owned(p_vault);
  RETURN QUERY SELECT s.seq, s.device_id, s.day, s.key_id, s.blob FROM span_day s
    WHERE s.vault_id = p_vault AND s.seq > p_after ORDER BY s.seq LIMIT p_limit;
END $$;

REVOKE ALL ON lighttrack.span_day FROM PUBLIC;
REVOKE ALL ON FUNCTION lighttrack.lt_span_put(uuid, bytea, date[], uuid, bytea[]),
  lighttrack.lt_span_pull(uuid, bigint, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lighttrack.lt_span_put(uuid, bytea, date[], uuid, bytea[]),
  lighttrack.lt_span_pull(uuid, bigint, int) TO lighttrack_user;
""",
]

BOOTSTRAP = r"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lighttrack_owner') THEN
    CREATE ROLE lighttrack_owner NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lighttrack_user') THEN
    CREATE ROLE lighttrack_user NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, 'lighttrack_owner', 'MEMBER') THEN
    EXECUTE format('GRANT lighttrack_owner TO %I', current_user);
  END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS lighttrack AUTHORIZATION lighttrack_owner;
GRANT USAGE ON SCHEMA lighttrack TO lighttrack_user;
"""
MIGRATION_TABLE = """
CREATE TABLE IF NOT EXISTS lighttrack.migration (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
REVOKE ALL ON lighttrack.migration FROM PUBLIC;
"""


def server_init(connection) -> list[int]:
    """Install or migrate the schema in one transaction; return the migration numbers applied.

    Idempotent: a second run applies nothing. An advisory lock keeps two installers apart.
    """
    applied = []
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(hashtext('lighttrack server-init'))")
        connection.execute(BOOTSTRAP)
        connection.execute("SET LOCAL ROLE lighttrack_owner")
        connection.execute(MIGRATION_TABLE)
        done = {row[0] for row in connection.execute("SELECT version FROM lighttrack.migration")}
        for number, sql in enumerate(MIGRATIONS, start=1):
            if number not in done:
                connection.execute(sql)
                connection.execute("INSERT INTO lighttrack.migration (version) VALUES (%s)", (number,))
                applied.append(number)
    return applied
