-- An identifier row reaches its user through its claim (identifier_keys, which cascades from
-- users), so its own foreign key to users was a second per-row check on every insert. Deleting
-- a user now cascades users -> identifier_keys -> identifiers.
ALTER TABLE "identifiers" DROP CONSTRAINT "identifiers_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "identifiers" DROP CONSTRAINT "identifiers_claim_fkey";
--> statement-breakpoint
ALTER TABLE "identifiers" ADD CONSTRAINT "identifiers_claim_fkey" FOREIGN KEY ("namespace","key","user_id") REFERENCES "public"."identifier_keys"("namespace","key","user_id") ON DELETE cascade ON UPDATE no action;