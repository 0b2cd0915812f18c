// Everything the meeting token route decides on, in one statement (issue 15): the rate-limit hits,
// the caller's row with the policy stamp, the meeting with the caller's own membership and group
// shares, whether a live link wants the lobby, and a series' changed meetings. Only fetched here:
// the answers come from the same pure rules as everywhere else (decideMeeting, windowOf).
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { type LoadedMeeting, type MeetingGrant, type Refusal, decideMeeting, meetingSelect } from "@/lib/access/load-meeting";
import type { SessionUser } from "@/lib/access/meetings";
import type { Series } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { PREPARED_SQL } from "@/lib/db/adapter";
import { type JsonTimestamp, fromJsonTimestamp, fromJsonTimestampOrNull } from "@/lib/db/json-timestamp";
import { liveLobbyLink } from "@/lib/invites/links";
import { type HitCount, type Limit, limitWindow, tokenLimits } from "@/lib/rate-limit";
import { type SessionUserRow, sessionUserColumns, sessionUserFrom } from "@/lib/users";
import { meetingId as meetingIdSchema } from "@/lib/validation/meeting";

export type TokenRequest = {
  /** null: unknown, or signed out since the cookie was issued. */
  user: SessionUser | null;
  limit: Limit;
  grant: MeetingGrant | Refusal;
  /** The meeting's series changes (none for a single meeting). */
  exceptions: Series["exceptions"];
  /** A live invite link of the meeting wants the lobby. */
  lobbyLink: boolean;
};

export async function loadTokenRequest(session: { uid: string; sv?: number }, rawMeetingId: string, headers: Headers, now = new Date()): Promise<TokenRequest> {
  const id = meetingIdSchema.safeParse(rawMeetingId);
  const meetingId = id.success ? id.data : null;
  const hits = limitWindow(tokenLimits(session.uid, headers), 60, now.getTime());
  // The hits are a data-modifying CTE: Postgres runs it once whether or not a row comes back.
  const [row] = await db.$queryRaw<(SessionUserRow & { hits: HitCount[]; meeting: MeetingJson | null })[]>`${PREPARED_SQL}
    with hits as (${hits.statement})
    select ${sessionUserColumns},
      (select json_agg(json_build_object('key', key, 'count', count)) from hits) as hits,
      (select json_build_object(${meetingColumns},
                'owner', json_build_object('name', o.name),
                'members', (select coalesce(json_agg(json_build_object('userId', mm."userId", 'role', mm.role)), '[]') from "MeetingMember" mm
                            where mm."meetingId" = m.id and mm."userId" = u.id),
                'groupShares', (select coalesce(json_agg(json_build_object('group', s."group", 'role', s.role)), '[]') from "MeetingGroupShare" s
                                where s."meetingId" = m.id and s."group" = any(u.groups)),
                'exceptions', (select coalesce(json_agg(json_build_object('occurrenceStart', e."occurrenceStart", 'cancelledAt', e."cancelledAt", 'startsAt', e."startsAt", 'durationMinutes', e."durationMinutes")), '[]')
                               from "MeetingException" e where e."meetingId" = m.id and m.rrule is not null),
                'lobbyLink', ${liveLobbyLink(Prisma.sql`m.id`, now)})
       from "Meeting" m join "User" o on o.id = m."ownerId" where m.id = ${meetingId}::uuid) as meeting
    from "User" u where u.id = ${session.uid}::uuid`;
  // No user row: the hits were still counted, and nothing else is needed.
  if (!row) return { user: null, limit: hits.outcome([]), grant: "not_found", exceptions: [], lobbyLink: false };
  const { hits: counts, meeting, ...userRow } = row;
  const limit = hits.outcome(counts);
  const user = await sessionUserFrom(userRow, session.sv);
  if (!user) return { user: null, limit, grant: "not_found", exceptions: [], lobbyLink: false };
  if (!meetingId) return { user, limit, grant: "invalid_id", exceptions: [], lobbyLink: false };
  const loaded = meeting && fromJson(meeting);
  return { user, limit, grant: decideMeeting(user, loaded?.meeting ?? null, "join"), exceptions: loaded?.exceptions ?? [], lobbyLink: loaded?.lobbyLink ?? false };
}

// The same columns loadMeeting selects, so both hand the rules the same row.
const meetingColumns = Prisma.join(
  Object.keys(meetingSelect)
    .filter((k) => k !== "owner")
    .map((k) => Prisma.raw(`'${k}', m."${k}"`)),
);

type ExceptionJson = { occurrenceStart: JsonTimestamp; cancelledAt: JsonTimestamp | null; startsAt: JsonTimestamp | null; durationMinutes: number | null };
type MeetingJson = Omit<LoadedMeeting, "startsAt" | "endsAt" | "cancelledAt"> & {
  startsAt: JsonTimestamp;
  endsAt: JsonTimestamp;
  cancelledAt: JsonTimestamp | null;
  exceptions: ExceptionJson[];
  lobbyLink: boolean;
};

function fromJson({ exceptions, lobbyLink, ...m }: MeetingJson) {
  const meeting: LoadedMeeting = { ...m, startsAt: fromJsonTimestamp(m.startsAt), endsAt: fromJsonTimestamp(m.endsAt), cancelledAt: fromJsonTimestampOrNull(m.cancelledAt) };
  return {
    meeting,
    lobbyLink,
    exceptions: exceptions.map((e) => ({ occurrenceStart: fromJsonTimestamp(e.occurrenceStart), cancelledAt: fromJsonTimestampOrNull(e.cancelledAt), startsAt: fromJsonTimestampOrNull(e.startsAt), durationMinutes: e.durationMinutes })),
  };
}
