CREATE TABLE "standings_state" (
	"netuid" smallint PRIMARY KEY NOT NULL,
	"block" bigint NOT NULL,
	"king" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "finality" jsonb;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "duplicate_of_id" bigint;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "anchor_block" bigint;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "counted" boolean;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "after_verdict" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "runs_anchor" ON "runs" USING btree ("anchor_block");