import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { getUserOrNull } from "@/lib/auth/session";
import { env } from "@/lib/env";

export default async function HomePage() {
  if (await getUserOrNull()) redirect("/meetings");
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-6 px-6">
      <h1 className="text-3xl font-bold">{env.ORGANISATION_NAME}</h1>
      <p className="text-slate-600 dark:text-slate-300">
        Video meetings on our own servers: private rooms, no tracking, nothing kept longer than needed.
      </p>
      <div>
        <Link href="/login" className={buttonClass()}>
          Sign in
        </Link>
      </div>
      <p className="text-sm text-slate-500">Guests: open the invitation link you were sent.</p>
    </main>
  );
}
