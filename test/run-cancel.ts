// Cancels a meeting in a process of its own, so lib/calendar/cancel.test.ts can kill it mid-way.
// Usage: tsx --tsconfig test/worker.tsconfig.json test/run-cancel.ts <meeting id> <user id> <user name>
import { cancelMeeting } from "@/lib/calendar/cancel";

const [meetingId, id, name] = process.argv.slice(2) as [string, string, string];
cancelMeeting({ id, name }, meetingId).then(
  (done) => {
    console.log(JSON.stringify({ done }));
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
