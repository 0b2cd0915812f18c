import { NoticePage } from "@/components/notice-page";

export default function Forbidden() {
  return (
    <NoticePage title="Not allowed" testId="forbidden" action={{ href: "/meetings", label: "My meetings" }}>
      <p>This area is for administrators.</p>
    </NoticePage>
  );
}
