CREATE TABLE "chain_gaps" (
	"network" text NOT NULL,
	"netuid" smallint NOT NULL,
	"from_block" bigint NOT NULL,
	"to_block" bigint NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chain_gaps_network_netuid_from_block_pk" PRIMARY KEY("network","netuid","from_block")
);
--> statement-breakpoint
ALTER TABLE "chain_cursor" ADD COLUMN "netuid" smallint;--> statement-breakpoint
ALTER TABLE "chain_cursor" ADD COLUMN "first_block" bigint;--> statement-breakpoint
ALTER TABLE "chain_cursor" ADD COLUMN "subnet_registered_at" bigint;