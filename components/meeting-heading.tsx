// A meeting's title and time (in the viewer's zone), as employees and guests see it. A series shows
// the meeting of it that is on now or next, and how it repeats.
import { LocalTime } from "@/components/local-time";
import { describeRrule } from "@/lib/calendar/recurrence";
import type { JoinWindow } from "@/lib/calendar/series";

type Props = { meeting: { title: string; startsAt: Date; endsAt: Date; timeZone: string; rrule: string | null }; when: JoinWindow };

export function MeetingHeading({ meeting, when }: Props) {
  const shown = when.state === "over" ? null : when.occurrence;
  return (
    <>
      <h1 className="text-2xl font-bold break-words" data-testid="meeting-title">
        {meeting.title}
      </h1>
      <p className="text-slate-600 dark:text-slate-300" data-testid="meeting-when">
        {shown ? (
          <>
            {meeting.rrule && (shown.startsAt.getTime() <= Date.now() ? "Now: " : "Next: ")}
            <LocalTime iso={shown.startsAt.toISOString()} endIso={shown.end.toISOString()} fallbackZone={meeting.timeZone} />
            {shown.moved && " (moved)"}
          </>
        ) : (
          "This series has ended."
        )}
      </p>
      {meeting.rrule && <p className="text-sm text-slate-500">Repeats {describeRrule(meeting.rrule)}</p>}
    </>
  );
}
