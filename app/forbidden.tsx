import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-4 px-6" data-testid="forbidden">
      <h1 className="text-2xl font-bold">Not allowed</h1>
      <p className="text-slate-600 dark:text-slate-300">This area is for administrators.</p>
      <div>
        <Link href="/meetings" className={buttonClass("secondary")}>
          My meetings
        </Link>
      </div>
    </main>
  );
}
