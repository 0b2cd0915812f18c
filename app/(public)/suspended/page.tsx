import { NoticePage, SignOutButton } from "@/components/notice-page";

export const metadata = { title: "Account suspended" };

export default function SuspendedPage() {
  return (
    <NoticePage title="Your account is suspended" testId="suspended">
      <p>An administrator has suspended your access to the portal. Contact them if you think this is a mistake.</p>
      <SignOutButton />
    </NoticePage>
  );
}
