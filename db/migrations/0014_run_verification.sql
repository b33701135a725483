ALTER TABLE "run_prompts" ADD COLUMN "verified_tokens" integer;--> statement-breakpoint
ALTER TABLE "run_prompts" ADD COLUMN "verification" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "verification" text;