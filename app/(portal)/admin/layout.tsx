import { requireAdmin } from "@/lib/access/admin";
import { AdminTabs } from "./admin-tabs";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return (
    <div className="space-y-6">
      <AdminTabs />
      {children}
    </div>
  );
}
