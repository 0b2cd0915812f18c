// A meeting's title and time (in the viewer's zone), as employees and guests see it.
import { LocalTime } from "@/components/local-time";

export function MeetingHeading({ meeting }: { meeting: { title: string; startsAt: Date; endsAt: Date; timeZone: string } }) {
  return (
    <>
      <h1 className="text-2xl font-bold break-words" data-testid="meeting-title">
        {meeting.title}
      </h1>
      <p className="text-slate-600 dark:text-slate-300">
        <LocalTime iso={meeting.startsAt.toISOString()} endIso={meeting.endsAt.toISOString()} fallbackZone={meeting.timeZone} />
      </p>
    </>
  );
}
