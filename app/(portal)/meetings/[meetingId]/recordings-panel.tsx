// The meeting's recordings, for the people who may see them: date, length and size, playback in the
// page (the route answers Range requests, so seeking works), a download, and for the owner deletion
// and a shorter retention. Renders nothing for anyone else.
import { LocalTime } from "@/components/local-time";
import type { LoadedMeeting } from "@/lib/access/load-meeting";
import { type SessionUser, can } from "@/lib/access/meetings";
import { siteRetentionDays } from "@/lib/recordings/config";
import { listRecordings, meetingRetention } from "@/lib/recordings/library";
import { DeleteRecording, RetentionForm } from "./recording-controls";

export async function RecordingsPanel({ user, meeting }: { user: SessionUser; meeting: LoadedMeeting }) {
  if (!can(user, meeting, "viewRecordings")) return null;
  const owner = can(user, meeting, "deleteRecordings");
  const [recordings, ownChoice] = await Promise.all([listRecordings(meeting.id), meetingRetention(meeting.id)]);
  const siteDays = siteRetentionDays();
  return (
    <section className="space-y-4" aria-labelledby="recordings-heading">
      <h2 id="recordings-heading" className="text-lg font-semibold">
        Recordings
      </h2>
      <p className="text-sm text-slate-500">
        Encrypted at rest and deleted {days(Math.min(siteDays, ownChoice ?? siteDays))} after recording.
      </p>
      {recordings.length === 0 ? (
        <p className="text-sm text-slate-500">No recordings yet.</p>
      ) : (
        <ul className="space-y-4" data-testid="recording-list">
          {recordings.map((r) => {
            const src = `/api/meetings/${meeting.id}/recordings/${r.id}`;
            return (
              <li key={r.id} className="space-y-2 rounded-lg bg-white p-4 text-sm shadow-sm dark:bg-slate-900" data-testid="recording">
                <p>
                  <LocalTime iso={r.createdAt.toISOString()} fallbackZone={meeting.timeZone} /> · {formatDuration(r.durationSeconds)} ·{" "}
                  {formatSize(r.size)} · <span className="text-slate-500">deleted after <LocalTime iso={r.expiresAt.toISOString()} fallbackZone={meeting.timeZone} /></span>
                  {r.consentAsked && <span className="block text-slate-500">Made with everyone in the meeting asked for consent when it started.</span>}
                </p>
                <video controls preload="metadata" src={src} className="w-full max-w-2xl rounded bg-black" />
                <p className="flex gap-4">
                  <a href={`${src}?download=1`} className="text-brand-600 underline">
                    Download
                  </a>
                  {owner && <DeleteRecording meetingId={meeting.id} recordingId={r.id} />}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {owner && <RetentionForm meetingId={meeting.id} current={ownChoice} siteDays={siteDays} />}
    </section>
  );
}

function days(n: number) {
  return n === 1 ? "1 day" : `${n} days`;
}

function formatDuration(seconds: number | null) {
  if (seconds === null) return "length unknown";
  const s = Math.round(seconds);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

function formatSize(bytes: number) {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  for (; value >= 1000 && unit < units.length - 1; unit++) value /= 1000;
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
