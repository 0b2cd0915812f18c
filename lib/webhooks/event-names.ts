// The events a webhook endpoint may subscribe to (payloads: lib/openapi.ts, "webhooks").
export const WEBHOOK_EVENTS = [
  "meeting.scheduled",
  "meeting.changed",
  "meeting.cancelled",
  "meeting.started",
  "meeting.ended",
  "participant.joined",
  "participant.left",
  "recording.ready",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
