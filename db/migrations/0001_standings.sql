DROP INDEX "submissions_score";--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "consensus_ttft_ms" double precision;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "consensus_throughput_tps" double precision;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "consensus_runs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "final_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "judged_against_id" bigint;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "judged_threshold" double precision;--> statement-breakpoint
ALTER TABLE "reigns" ADD COLUMN "alpha_rao" numeric(39, 0) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reigns" ADD COLUMN "tao_rao" numeric(39, 0) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reigns" ADD COLUMN "epochs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reigns" ADD COLUMN "epochs_without_price" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "submissions_ttft" ON "submissions" USING btree ("netuid","consensus_ttft_ms","id");--> statement-breakpoint
CREATE INDEX "submissions_throughput" ON "submissions" USING btree ("netuid","consensus_throughput_tps","id");--> statement-breakpoint
CREATE INDEX "submissions_token_match" ON "submissions" USING btree ("netuid","consensus_token_match_rate","id");--> statement-breakpoint
CREATE INDEX "submissions_commit_block" ON "submissions" USING btree ("netuid","commit_block","id");--> statement-breakpoint
CREATE INDEX "submissions_score" ON "submissions" USING btree ("netuid","consensus_score","id");