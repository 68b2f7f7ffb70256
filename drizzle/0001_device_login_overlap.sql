-- A device login with domain `*` (Any) overlaps every domain of the same username, which a
-- plain unique key cannot express. This trigger makes the database refuse an overlapping claim
-- by another user. The advisory lock serialises claims of one username, so two concurrent
-- transactions cannot both pass the check (the loser sees the winner's committed row).
CREATE FUNCTION idsync_device_login_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  uname text := split_part(NEW.key, E'\\', 1);
  dom text := substr(NEW.key, length(split_part(NEW.key, E'\\', 1)) + 2);
  other integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('idsync.device_login:' || uname));
  SELECT k.user_id INTO other FROM identifier_keys k
   WHERE k.namespace = 'device_login'
     AND split_part(k.key, E'\\', 1) = uname
     AND k.user_id <> NEW.user_id
     AND (dom = '*' OR substr(k.key, length(uname) + 2) IN (dom, '*'))
   LIMIT 1;
  IF other IS NOT NULL THEN
    RAISE EXCEPTION 'device login % overlaps one held by user %', NEW.key, other
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'identifier_keys_device_login_overlap';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER identifier_keys_device_login_overlap
  BEFORE INSERT OR UPDATE ON identifier_keys
  FOR EACH ROW WHEN (NEW.namespace = 'device_login')
  EXECUTE FUNCTION idsync_device_login_overlap();
--> statement-breakpoint
CREATE INDEX identifier_keys_device_login_username_idx
  ON identifier_keys (split_part(key, E'\\', 1)) WHERE namespace = 'device_login';
--> statement-breakpoint
INSERT INTO account_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
