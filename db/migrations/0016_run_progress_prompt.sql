ALTER TABLE "run_progress" ADD COLUMN "prompt_index" integer;--> statement-breakpoint
ALTER TABLE "run_progress" ADD COLUMN "prompt_count" integer;