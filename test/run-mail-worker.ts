// One pass of the mail worker in a process of its own, as each portal instance runs it; the calendar
// tests start several at once to race them. Usage: tsx --tsconfig test/worker.tsconfig.json test/run-mail-worker.ts [now ISO]
import { runMailWorker } from "@/lib/jobs/mail-worker";

runMailWorker(process.argv[2] ? new Date(process.argv[2]) : undefined).then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
