export const metadata = { title: "Account suspended" };

export default function SuspendedPage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-4 px-6" data-testid="suspended">
      <h1 className="text-2xl font-bold">Your account is suspended</h1>
      <p className="text-slate-600 dark:text-slate-300">An administrator has suspended your access to the portal. Contact them if you think this is a mistake.</p>
      <form action="/logout" method="post">
        <button type="submit" className="underline">
          Sign out
        </button>
      </form>
    </main>
  );
}
