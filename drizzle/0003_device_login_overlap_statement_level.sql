-- Replaces the row-level device-login overlap trigger of 0001. That one took an advisory lock
-- per inserted row (a 100k-row sync exhausted the lock table) and its check query was planned
-- badly right after bulk loads. This one runs once per statement:
--   1. it locks the distinct username buckets of the statement's device-login claims, in a fixed
--      order (at most 256 locks per statement), so two transactions claiming overlapping logins
--      serialise and the second sees the first's committed rows;
--   2. it checks overlaps set-based with primary-key probes: a concrete `user\dom` overlaps only
--      another user's `user\*`; a `user\*` overlaps any other user's `user\...` (username index).
-- Claims are only ever inserted or deleted (moves are delete + insert), never updated.
DROP TRIGGER IF EXISTS identifier_keys_device_login_overlap ON identifier_keys;
--> statement-breakpoint
DROP FUNCTION IF EXISTS idsync_device_login_overlap();
--> statement-breakpoint
CREATE FUNCTION idsync_device_login_overlap_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  clash record;
BEGIN
  PERFORM pg_advisory_xact_lock(7210032, b.bucket)
     FROM (SELECT DISTINCT abs(hashtext(split_part(n.key, E'\\', 1))) % 256 AS bucket
             FROM inserted n WHERE n.namespace = 'device_login' ORDER BY 1) b;
  SELECT n.key, k.user_id INTO clash
    FROM inserted n
    JOIN identifier_keys k
      ON k.namespace = 'device_login'
     AND k.key = split_part(n.key, E'\\', 1) || E'\\*'
     AND k.user_id <> n.user_id
   WHERE n.namespace = 'device_login'
   LIMIT 1;
  IF clash IS NULL THEN
    SELECT n.key, k.user_id INTO clash
      FROM inserted n
      JOIN identifier_keys k
        ON k.namespace = 'device_login'
       AND split_part(k.key, E'\\', 1) = split_part(n.key, E'\\', 1)
       AND k.user_id <> n.user_id
     WHERE n.namespace = 'device_login' AND right(n.key, 2) = E'\\*'
     LIMIT 1;
  END IF;
  IF clash IS NOT NULL THEN
    RAISE EXCEPTION 'device login % overlaps one held by user %', clash.key, clash.user_id
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'identifier_keys_device_login_overlap';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER identifier_keys_device_login_overlap
  AFTER INSERT ON identifier_keys
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT
  EXECUTE FUNCTION idsync_device_login_overlap_check();
