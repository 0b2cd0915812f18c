import { NoticePage } from "@/components/notice-page";

export default function NotFound() {
  return (
    <NoticePage title="Not available" testId="not-found" action={{ href: "/meetings", label: "My meetings" }}>
      <p>This page does not exist, or you have not been given access to it. If you expected to see a meeting here, ask its organiser to add you.</p>
    </NoticePage>
  );
}
