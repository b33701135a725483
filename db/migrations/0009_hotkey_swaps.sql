CREATE TABLE "hotkey_swaps" (
	"netuid" smallint NOT NULL,
	"block_number" bigint NOT NULL,
	"uid" integer NOT NULL,
	"old_hotkey" text NOT NULL,
	"new_hotkey" text NOT NULL,
	CONSTRAINT "hotkey_swaps_netuid_block_number_uid_pk" PRIMARY KEY("netuid","block_number","uid")
);
