import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-4 px-6" data-testid="not-found">
      <h1 className="text-2xl font-bold">Not available</h1>
      <p className="text-slate-600 dark:text-slate-300">
        This page does not exist, or you have not been given access to it. If you expected to see a meeting here, ask its
        organiser to add you.
      </p>
      <div>
        <Link href="/meetings" className={buttonClass("secondary")}>
          My meetings
        </Link>
      </div>
    </main>
  );
}
