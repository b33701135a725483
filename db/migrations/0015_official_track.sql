CREATE TABLE "official_fetch_state" (
	"route" text PRIMARY KEY NOT NULL,
	"last_status" integer,
	"last_fetched_at" timestamp with time zone,
	"last_ok_at" timestamp with time zone,
	"next_due_at" timestamp with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"body_sha256" text
);
--> statement-breakpoint
CREATE TABLE "official_logs" (
	"label" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"filename" text NOT NULL,
	"size_bytes" bigint,
	"listed_at" timestamp with time zone NOT NULL,
	"requested_at" timestamp with time zone,
	"text" text,
	"fetched_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "official_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"record_key" text NOT NULL,
	"version" integer NOT NULL,
	"schema" text NOT NULL,
	"raw" jsonb NOT NULL,
	"raw_sha256" text NOT NULL,
	"route" text NOT NULL,
	"uid" integer,
	"hotkey" text,
	"commit_block" bigint,
	"block" bigint,
	"first_fetched_at" timestamp with time zone NOT NULL,
	"last_fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_snapshots" (
	"route" text PRIMARY KEY NOT NULL,
	"raw" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "official_records_version" ON "official_records" USING btree ("kind","record_key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "official_records_content" ON "official_records" USING btree ("kind","record_key","raw_sha256");--> statement-breakpoint
CREATE INDEX "official_records_hotkey" ON "official_records" USING btree ("hotkey","commit_block");--> statement-breakpoint
CREATE INDEX "official_records_block" ON "official_records" USING btree ("kind","block");