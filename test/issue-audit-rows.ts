// Writes "token.issue" audit rows as the token routes do, from 20 callers at once, and prints the
// number of each row once auditBatched has resolved (when a route would hand out its token); runs
// until killed. Usage: tsx --tsconfig test/worker.tsconfig.json test/issue-audit-rows.ts <meeting uuid>
import { auditBatched } from "@/lib/audit";

const meetingId = process.argv[2]!;
let next = 0;

async function caller() {
  for (;;) {
    const n = next++;
    await auditBatched(null, "token.issue", { meetingId, details: { n } });
    process.stdout.write(`${n}\n`);
  }
}

for (let i = 0; i < 20; i++) void caller();
