CREATE TABLE "job_seeds" (
	"submission_id" bigint PRIMARY KEY NOT NULL,
	"seed_block" bigint NOT NULL,
	"seed_block_hash" text NOT NULL,
	"pinned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_seeds" ADD CONSTRAINT "job_seeds_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "epistula_nonces_seen" ON "epistula_nonces" USING btree ("seen_at");