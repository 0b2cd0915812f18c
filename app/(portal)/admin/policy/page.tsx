import { requireAdmin } from "@/lib/access/admin";
import { getSettings } from "@/lib/settings";
import { PolicyForm } from "./policy-form";

export const metadata = { title: "Site policy" };

export default async function PolicyPage() {
  await requireAdmin();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Site policy</h1>
      <PolicyForm initial={await getSettings()} />
    </div>
  );
}
