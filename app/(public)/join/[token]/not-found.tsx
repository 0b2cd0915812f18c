// One page for every unusable link (unknown, tampered, expired, revoked, used up, cancelled), so
// nobody can tell a real meeting from a made-up one.
export default function InvalidLink() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-4 px-6" data-testid="invalid-link">
      <h1 className="text-2xl font-bold">This invitation link is not valid</h1>
      <p className="text-slate-600 dark:text-slate-300">
        It may have expired, been withdrawn, or been mistyped. Ask the person who invited you for a new link.
      </p>
    </main>
  );
}
