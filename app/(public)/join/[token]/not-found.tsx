import { NoticePage } from "@/components/notice-page";

export { metadata } from "./page";

// One page for every unusable link (unknown, tampered, expired, revoked, used up, cancelled), so
// nobody can tell a real meeting from a made-up one.
export default function InvalidLink() {
  return (
    <NoticePage title="This invitation link is not valid" testId="invalid-link">
      <p>It may have expired, been withdrawn, or been mistyped. Ask the person who invited you for a new link.</p>
    </NoticePage>
  );
}
