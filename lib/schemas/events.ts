// GET /api/v1/events – the server-sent event names. Each event's data is the change as db/notify publishes
// it (small pointers such as ids): a client refetches what it shows.
export const EVENT_TYPES = ["king", "standings", "submission", "run", "progress", "block"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The first event of every stream (`event: hello`): for each kind, when the serving process last heard of a
 * change of it, or began listening if of none since (ISO times, UTC).
 */
export interface Hello {
  readonly changedAt: Readonly<Record<EventType, string>>;
}
