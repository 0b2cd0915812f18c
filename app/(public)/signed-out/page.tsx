import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Signed out" };

export default function SignedOutPage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-bold">You are signed out</h1>
      <p className="text-slate-600 dark:text-slate-300">Your portal and organisation sessions have ended.</p>
      <div>
        <Link href="/login" className={buttonClass("secondary")}>
          Sign in again
        </Link>
      </div>
    </main>
  );
}
