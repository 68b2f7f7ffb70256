-- Replaces the row-level device-login overlap trigger of 0001. That one took an advisory lock
-- per inserted row (a 100k-row sync exhausted the lock table) and its check query was planned
-- badly right after bulk loads. This one runs once per statement:
--   1. it locks the distinct username buckets of the statement's device-login claims, in a fixed
--      order (at most 256 locks per statement), so two transactions claiming overlapping logins
--      serialise and the second sees the first's committed rows;
--   2. it checks each claimed login with index probes: a concrete `user\dom` overlaps only another
--      user's `user\*`; a `user\*` overlaps any other user's login of that username.
-- Claims are only ever inserted or deleted (moves are delete + insert), never updated.
DROP TRIGGER IF EXISTS identifier_keys_device_login_overlap ON identifier_keys;
--> statement-breakpoint
DROP FUNCTION IF EXISTS idsync_device_login_overlap();
--> statement-breakpoint
-- A partial index (WHERE namespace = 'device_login') tempted the planner into reading every
-- device login and filtering; with the namespace as a leading column it is used only for what
-- it is for: finding a username's logins when a `*` is claimed.
DROP INDEX IF EXISTS identifier_keys_device_login_username_idx;
--> statement-breakpoint
CREATE INDEX identifier_keys_username_idx ON identifier_keys (namespace, split_part(key, E'\\', 1));
--> statement-breakpoint
-- One point look-up per claimed login, by primary key: the transition table is always estimated
-- tiny and the table's statistics are stale right after a bulk load, so a set-based join here is
-- planned as a scan of every stored login per statement (quadratic over a large sync). A unique
-- key equality is planned as an index probe whatever the statistics say.
CREATE FUNCTION idsync_device_login_overlap_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  claim record;
  holder integer;
BEGIN
  PERFORM pg_advisory_xact_lock(7210032, b.bucket)
     FROM (SELECT DISTINCT abs(hashtext(split_part(n.key, E'\\', 1))) % 256 AS bucket
             FROM inserted n WHERE n.namespace = 'device_login' ORDER BY 1) b;
  FOR claim IN
    SELECT n.key, n.user_id, split_part(n.key, E'\\', 1) AS username, right(n.key, 2) = E'\\*' AS is_any
      FROM inserted n WHERE n.namespace = 'device_login'
  LOOP
    IF claim.is_any THEN
      -- `user\*` overlaps every other user's login of that username.
      SELECT k.user_id INTO holder FROM identifier_keys k
       WHERE k.namespace = 'device_login' AND split_part(k.key, E'\\', 1) = claim.username
         AND k.user_id <> claim.user_id
       LIMIT 1;
    ELSE
      -- `user\dom` overlaps only another user's `user\*`.
      SELECT k.user_id INTO holder FROM identifier_keys k
       WHERE k.namespace = 'device_login' AND k.key = claim.username || E'\\*'
         AND k.user_id <> claim.user_id;
    END IF;
    IF holder IS NOT NULL THEN
      RAISE EXCEPTION 'device login % overlaps one held by user %', claim.key, holder
        USING ERRCODE = 'unique_violation', CONSTRAINT = 'identifier_keys_device_login_overlap';
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER identifier_keys_device_login_overlap
  AFTER INSERT ON identifier_keys
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT
  EXECUTE FUNCTION idsync_device_login_overlap_check();
