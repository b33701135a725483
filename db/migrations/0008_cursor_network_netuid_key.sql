-- drizzle-kit cannot name the old primary key: Postgres named it chain_cursor_pkey.
ALTER TABLE "chain_cursor" DROP CONSTRAINT "chain_cursor_pkey";--> statement-breakpoint
ALTER TABLE "chain_cursor" ALTER COLUMN "netuid" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "chain_cursor" ADD CONSTRAINT "chain_cursor_network_netuid_pk" PRIMARY KEY("network","netuid");
