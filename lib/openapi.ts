// The portal's public routes and its webhook events as an OpenAPI 3.1 document (GET /api/openapi.json).
// Request bodies come from the same zod schemas the handlers parse with; lib/openapi.test.ts fails when
// a route handler exists that the document does not describe.
import { z } from "zod";
import { WEBHOOK_EVENTS, type WebhookEvent } from "@/lib/webhooks/event-names";
import { erasureInput, grantInput, settingsInput, suspensionInput } from "@/lib/validation/admin";
import { prosodyEvent } from "@/lib/validation/prosody-events";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: object) => ({ content: { "application/json": { schema: s } } });
const error = { description: "Refused: `{ error: { code, message } }` with a message meant for people", ...json({ $ref: "#/components/schemas/Error" }) };
const ok = (description: string, body: object = { type: "object" }) => ({ "200": { description, ...json(body) } });

type Op = { summary: string; security?: Record<string, string[]>[]; requestBody?: object; responses?: object; parameters?: object[] };
const op = (o: Op) => ({ ...o, responses: { ...(o.responses ?? ok("Done")), "4XX": error } });
const session = [{ session: [] }];
const admin = { security: session, summary: "" };
const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });

const meetingRef = { type: "object", properties: { id: { type: "string", format: "uuid" } }, required: ["id"] };
const participant = {
  oneOf: [
    { type: "object", properties: { type: { const: "person" }, userId: { type: "string", format: "uuid" }, name: { type: "string" } }, required: ["type", "userId", "name"] },
    { type: "object", properties: { type: { const: "guest" }, linkId: { type: "string", format: "uuid" }, linkLabel: { type: "string" } }, required: ["type", "linkId", "linkLabel"] },
  ],
};
const meetingState = {
  type: "object",
  properties: {
    meeting: {
      type: "object",
      properties: {
        id: { type: "string", format: "uuid" }, title: { type: "string" }, organiserId: { type: "string", format: "uuid" },
        startsAt: { type: "string", format: "date-time" }, endsAt: { type: "string", format: "date-time" }, durationMinutes: { type: "integer" },
        timeZone: { type: "string" }, rrule: { type: ["string", "null"] }, cancelledAt: { type: ["string", "null"], format: "date-time" },
      },
    },
  },
};
const EVENT_DATA: Record<WebhookEvent, [string, object]> = {
  "meeting.scheduled": ["A meeting was scheduled.", meetingState],
  "meeting.changed": ["A meeting, or one meeting of a series, changed.", meetingState],
  "meeting.cancelled": ["A meeting was cancelled.", meetingState],
  "meeting.started": ["Its conference began (the first person entered).", { type: "object", properties: { meeting: meetingRef, startedAt: { type: "string", format: "date-time" } } }],
  "meeting.ended": ["Its conference ended (the room closed).", { type: "object", properties: { meeting: meetingRef, startedAt: { type: "string", format: "date-time" }, endedAt: { type: "string", format: "date-time" } } }],
  "participant.joined": ["Someone entered; only for meetings that keep attendance.", { type: "object", properties: { meeting: meetingRef, participant, joinedAt: { type: "string", format: "date-time" } } }],
  "participant.left": ["Someone left; only for meetings that keep attendance.", { type: "object", properties: { meeting: meetingRef, participant, joinedAt: { type: "string", format: "date-time" }, leftAt: { type: "string", format: "date-time" } } }],
  "recording.ready": ["A recording can be played.", { type: "object", properties: { meeting: meetingRef, recording: { type: "object", properties: { id: { type: "string", format: "uuid" }, durationSeconds: { type: ["number", "null"] }, bytes: { type: "integer" }, consentAsked: { type: "boolean" }, expiresAt: { type: "string", format: "date-time" } } } } }],
};
const signatureHeaders = [
  { name: "webhook-id", in: "header", required: true, description: "The event's id: the same on every retry; deduplicate on it.", schema: { type: "string", format: "uuid" } },
  { name: "webhook-timestamp", in: "header", required: true, description: "Unix seconds when this attempt was signed; refuse old ones.", schema: { type: "string" } },
  { name: "webhook-signature", in: "header", required: true, description: "`v1,` + base64 HMAC-SHA256, keyed with the base64 part of the endpoint's `whsec_` secret, over `<webhook-id>.<webhook-timestamp>.<body>` (Standard Webhooks).", schema: { type: "string" } },
];

export function openApiDocument(baseUrl: string) {
  const prosodyPaths = Object.fromEntries(
    ["room/created", "room/destroyed", "occupant/joined", "occupant/left"].map((p) => [
      `/api/internal/prosody/events/${p}`,
      { post: op({ summary: `Prosody's event_sync reports ${p.replace("/", " ")} (internal network only)`, security: [{ prosodyEvents: [] }], requestBody: json(schema(prosodyEvent)), responses: ok("Recorded, ignored, or for an unknown room") }) },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: { title: "Meeting portal", version: "1", description: "Routes of the meeting portal, and the events it sends to webhook endpoints. Errors are JSON `{ error: { code, message } }`." },
    servers: [{ url: baseUrl }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "Signed in through Keycloak (`__Secure-` prefix over https)" },
        prosodyEvents: { type: "http", scheme: "bearer", description: "PROSODY_EVENTS_SECRET" },
        recordingsIngest: { type: "apiKey", in: "header", name: "X-Recording-Signature", description: "HMAC-SHA256 with RECORDINGS_INGEST_SECRET (README \"Recordings\")" },
        calendarFeed: { type: "apiKey", in: "query", name: "token", description: "The feed's secret, in the path" },
      },
      schemas: { Error: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } }, required: ["code", "message"] } } } },
    },
    paths: {
      "/api/health": { get: op({ summary: "Readiness: the database answers", responses: ok("Ready") }) },
      "/api/live": { get: op({ summary: "Liveness: the process answers", responses: ok("Alive") }) },
      "/api/openapi.json": { get: op({ summary: "This document", responses: ok("OpenAPI 3.1") }) },
      "/api/auth/{nextauth}": {
        get: op({ summary: "next-auth: sign-in flow, session, CSRF token (Keycloak OIDC)", parameters: [pathParam("nextauth")] }),
        post: op({ summary: "next-auth: sign in, sign out", parameters: [pathParam("nextauth")] }),
      },
      "/api/auth/backchannel-logout": { post: op({ summary: "Keycloak's back-channel logout (a logout_token, form-encoded)", responses: ok("Sessions ended") }) },
      "/logout": { post: op({ summary: "Sign out here and at Keycloak", security: session, responses: { "303": { description: "To Keycloak's logout, then back" } } }) },
      "/api/meetings/{meetingId}/token": { post: op({ summary: "A Jitsi token for the meeting's room, with the caller's rights", security: session, parameters: [pathParam("meetingId")], responses: ok("A conference ticket: domain, room, token, expiry, role") }) },
      "/api/join/{token}/token": { post: op({ summary: "A Jitsi token through an invite link (a guest with a pass, or a signed-in person)", parameters: [pathParam("token")], responses: ok("A conference ticket") }) },
      "/api/presence": { get: op({ summary: "How many are in each of these meetings now", security: session, parameters: [{ name: "ids", in: "query", required: true, schema: { type: "string" }, description: "Comma-separated meeting ids, at most 50" }], responses: ok("`{ counts: { <meetingId>: n } }`") }) },
      "/api/meetings/{meetingId}/presence": { get: op({ summary: "Who is in the meeting now (names for its organisers)", security: session, parameters: [pathParam("meetingId")] }) },
      "/api/meetings/{meetingId}/attendance": { get: op({ summary: "The meeting's attendance as CSV (organisers; meetings that keep it)", security: session, parameters: [pathParam("meetingId")], responses: { "200": { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } } } }) },
      "/api/meetings/{meetingId}/recordings/{recordingId}": {
        get: op({ summary: "Play or download a recording (HTTP Range)", security: session, parameters: [pathParam("meetingId"), pathParam("recordingId")], responses: { "200": { description: "video/mp4" }, "206": { description: "A range" } } }),
        delete: op({ summary: "Delete a recording (the meeting's owner)", security: session, parameters: [pathParam("meetingId"), pathParam("recordingId")], responses: { "204": { description: "Deleted" } } }),
      },
      "/api/calendar/{token}": { get: op({ summary: "The person's private calendar feed (iCalendar)", parameters: [pathParam("token")], responses: { "200": { description: "text/calendar" } } }) },
      "/api/me/export": { get: op({ summary: "Everything the portal holds about the caller (JSON download)", security: session }) },
      "/api/admin/settings": {
        get: op({ ...admin, summary: "Site policy" }),
        put: op({ ...admin, summary: "Change site policy", requestBody: json(schema(settingsInput)) }),
      },
      "/api/admin/permissions": {
        get: op({ ...admin, summary: "The permission matrix and known roles and groups" }),
        post: op({ ...admin, summary: "Grant a permission to a role or group", requestBody: json(schema(grantInput)) }),
        delete: op({ ...admin, summary: "Revoke a permission", requestBody: json(schema(grantInput)) }),
      },
      "/api/admin/users": { get: op({ ...admin, summary: "People, searchable" }) },
      "/api/admin/users/{userId}/suspension": { put: op({ ...admin, summary: "Suspend or reinstate a person", parameters: [pathParam("userId")], requestBody: json(schema(suspensionInput)) }) },
      "/api/admin/users/{userId}/erasure": { post: op({ ...admin, summary: "Erase a person", parameters: [pathParam("userId")], requestBody: json(schema(erasureInput)) }) },
      "/api/admin/audit": { get: op({ ...admin, summary: "The audit log, newest first" }) },
      "/api/admin/purge": { post: op({ ...admin, summary: "Run the scheduled purge now" }) },
      "/api/internal/recordings": { post: op({ summary: "Jibri hands over a finished recording (internal network only)", security: [{ recordingsIngest: [] }], requestBody: { content: { "video/mp4": { schema: { type: "string", format: "binary" } } } }, responses: { "201": { description: "Stored" }, "200": { description: "Already stored" } } }) },
      ...prosodyPaths,
    },
    webhooks: Object.fromEntries(
      WEBHOOK_EVENTS.map((event) => {
        const [summary, data] = EVENT_DATA[event];
        const body = { type: "object", properties: { id: { type: "string", format: "uuid" }, type: { const: event }, timestamp: { type: "string", format: "date-time" }, data }, required: ["id", "type", "timestamp", "data"] };
        return [event, { post: { summary, parameters: signatureHeaders, requestBody: json(body), responses: { "2XX": { description: "Received; anything else is retried (1 min, 5 min, 30 min, 2 h, 8 h), then given up" } } } }];
      }),
    ),
  };
}
