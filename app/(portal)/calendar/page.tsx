// The private calendar feed: subscribe from a calendar program; a new URL or revoking ends the old one.
import { requireUser } from "@/lib/auth/session";
import { hasActiveFeed } from "@/lib/calendar/feed";
import { FeedControls } from "./feed-controls";

export const metadata = { title: "Calendar feed" };

export default async function CalendarPage() {
  const user = await requireUser();
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Calendar feed</h1>
      <p className="text-sm">
        Subscribe to your meetings from Outlook, Thunderbird, Apple or Google Calendar. The address is a secret: anyone who has it
        sees your meetings (titles, times, descriptions), so treat it like a password. It is shown only once.
      </p>
      <FeedControls active={await hasActiveFeed(user.id)} />
    </div>
  );
}
