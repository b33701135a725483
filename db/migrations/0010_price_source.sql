ALTER TABLE "metagraph_snapshots" ADD COLUMN "price_source" text;--> statement-breakpoint
ALTER TABLE "metagraph_snapshots" ADD COLUMN "alpha_price_rao" numeric(39, 0);--> statement-breakpoint
ALTER TABLE "metagraph_snapshots" ADD COLUMN "swap_quote_weight" numeric(39, 0);--> statement-breakpoint
ALTER TABLE "emissions" ADD COLUMN "price_source" text;