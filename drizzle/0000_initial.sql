CREATE TABLE "account_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"email_auto_detection" boolean DEFAULT true NOT NULL,
	"activity_threshold_days" integer DEFAULT 30 NOT NULL,
	"expanded_agent_user_association" boolean DEFAULT false NOT NULL,
	"personal_email_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_settings_singleton" CHECK ("account_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "agent_activity" (
	"agent_id" integer NOT NULL,
	"day" date NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"reports" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "agent_activity_pkey" PRIMARY KEY("agent_id","day")
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"username" text NOT NULL,
	"logon_domain" text NOT NULL,
	"login_key" text NOT NULL,
	"first_log" timestamp with time zone,
	"last_log" timestamp with time zone,
	"has_data" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"run_id" integer,
	"user_id" integer,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" serial PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"connector_id" text,
	"identifier_type" text,
	"identifier_value" text,
	"identifier_domain" text,
	"user_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"connectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"external_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"message" text NOT NULL,
	"details" jsonb,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"resolution" jsonb
);
--> statement-breakpoint
CREATE TABLE "connector_state" (
	"connector_id" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_full_at" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "do_not_track" (
	"id" serial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"domain" text,
	"namespace" text NOT NULL,
	"key" text NOT NULL,
	"former_user_id" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "groups_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "identifier_keys" (
	"namespace" text NOT NULL,
	"key" text NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "identifier_keys_pkey" PRIMARY KEY("namespace","key"),
	CONSTRAINT "identifier_keys_owner_key" UNIQUE("namespace","key","user_id"),
	CONSTRAINT "identifier_keys_namespace_check" CHECK ("identifier_keys"."namespace" in ('address', 'employee_id', 'device_login'))
);
--> statement-breakpoint
CREATE TABLE "identifiers" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"domain" text,
	"namespace" text NOT NULL,
	"key" text NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identifiers_user_type_key" UNIQUE("user_id","type","key"),
	CONSTRAINT "identifiers_type_check" CHECK ("identifiers"."type" in ('upn', 'email', 'employee_id', 'device_login'))
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "memberships_pkey" PRIMARY KEY("user_id","group_id","source")
);
--> statement-breakpoint
CREATE TABLE "source_links" (
	"connector_id" text NOT NULL,
	"external_id" text NOT NULL,
	"user_id" integer NOT NULL,
	"content_hash" text,
	"state" text DEFAULT 'active' NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_links_pkey" PRIMARY KEY("connector_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"connector_id" text NOT NULL,
	"mode" text NOT NULL,
	"requested_mode" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"trigger" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"counts" jsonb,
	"error" jsonb,
	"warnings" jsonb,
	"notes" jsonb,
	"complete" boolean,
	"safeguard_lifted" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"releases_run_id" integer,
	"owner" text,
	CONSTRAINT "sync_runs_status_check" CHECK ("sync_runs"."status" in ('queued', 'running', 'succeeded', 'failed', 'blocked'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"display_name" text,
	"display_name_source" text,
	"time_zone" text,
	"time_zone_source" text,
	"primary_group" text,
	"primary_group_source" text,
	"tracking" text DEFAULT 'tracked' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_tracking_check" CHECK ("users"."tracking" in ('tracked', 'untracked'))
);
--> statement-breakpoint
ALTER TABLE "agent_activity" ADD CONSTRAINT "agent_activity_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identifier_keys" ADD CONSTRAINT "identifier_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identifiers" ADD CONSTRAINT "identifiers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identifiers" ADD CONSTRAINT "identifiers_claim_fkey" FOREIGN KEY ("namespace","key","user_id") REFERENCES "public"."identifier_keys"("namespace","key","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_links" ADD CONSTRAINT "source_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_login_key" ON "agents" USING btree ("login_key");--> statement-breakpoint
CREATE INDEX "agents_user_idx" ON "agents" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_user_idx" ON "audit_log" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_run_idx" ON "audit_log" USING btree ("run_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "conflicts_open_fingerprint" ON "conflicts" USING btree ("fingerprint") WHERE "conflicts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "conflicts_status_idx" ON "conflicts" USING btree ("status","kind");--> statement-breakpoint
CREATE INDEX "conflicts_connector_idx" ON "conflicts" USING btree ("connector_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "do_not_track_key" ON "do_not_track" USING btree ("namespace","key");--> statement-breakpoint
CREATE INDEX "identifier_keys_user_idx" ON "identifier_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "identifiers_key_idx" ON "identifiers" USING btree ("namespace","key");--> statement-breakpoint
CREATE INDEX "identifiers_source_idx" ON "identifiers" USING btree ("source");--> statement-breakpoint
CREATE INDEX "source_links_user_idx" ON "source_links" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sync_runs_connector_idx" ON "sync_runs" USING btree ("connector_id","id");--> statement-breakpoint
CREATE INDEX "sync_runs_status_idx" ON "sync_runs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "users_display_name_lower_key" ON "users" USING btree (lower("display_name"));