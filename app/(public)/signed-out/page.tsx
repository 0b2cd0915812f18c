import { NoticePage } from "@/components/notice-page";

export const metadata = { title: "Signed out" };

export default function SignedOutPage() {
  return (
    <NoticePage title="You are signed out" action={{ href: "/login", label: "Sign in again" }}>
      <p>Your portal and organisation sessions have ended.</p>
    </NoticePage>
  );
}
