// What a person is told before entering a conference: whether attendance is kept and whether a
// recording may be made (Jitsi then asks everyone for consent; docker/jitsi-web/custom-config.js).
export function JoinNotices({ attendance, recording, guest }: { attendance: boolean; recording: boolean; guest: boolean }) {
  if (!attendance && !recording) return null;
  return (
    <ul className="max-w-2xl space-y-1 rounded-md bg-sky-50 p-3 text-sm text-sky-950 dark:bg-sky-950 dark:text-sky-50" data-testid="join-notices">
      {attendance && (
        <li>
          Attendance is kept for this meeting: {guest ? "the invitation you use (not your name)" : "your name"}, when you joined and when you left. The
          organiser can download it.
        </li>
      )}
      {recording && <li>This meeting may be recorded. When a recording starts, everyone in it is asked for consent first.</li>}
    </ul>
  );
}
