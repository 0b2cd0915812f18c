// Your profile: what the portal keeps about you, and the download of all of it (README "Privacy").
import { LocalTime } from "@/components/local-time";
import { buttonClass } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

export const metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const user = await requireUser();
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lastSeenAt: true, createdAt: true } });
  const facts: [string, React.ReactNode][] = [
    ["Name", user.name],
    ["Email", user.email ?? "—"],
    ["Roles (as at your last sign-in)", user.roles.join(", ") || "—"],
    ["Groups (as at your last sign-in)", user.groups.join(", ") || "—"],
    ["Time zone (from your browser)", user.timeZone ?? "—"],
    ["First sign-in", <LocalTime key="c" iso={row.createdAt.toISOString()} fallbackZone="UTC" />],
    ["Last sign-in", <LocalTime key="l" iso={row.lastSeenAt.toISOString()} fallbackZone="UTC" />],
  ];
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Your profile</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-lg bg-white p-6 text-sm shadow-sm dark:bg-slate-900" data-testid="profile">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm">
        Your name, email, roles and groups come from your organisation's sign-in and are refreshed each time you sign in. The file below
        holds everything the portal keeps about you: your meetings, memberships, invitations to you, links you created, your calendar
        feeds, the audit entries of your actions and the recordings of your meetings. Other people in it are counted, never named.
      </p>
      <a href="/api/me/export" download className={buttonClass("secondary")}>
        Download my data (JSON)
      </a>
    </div>
  );
}
