import { z } from "zod";
import { requireAdmin } from "@/lib/access/admin";
import { getSettings } from "@/lib/settings";
import { PolicyForm } from "./policy-form";
import { PurgePanel } from "./purge-panel";

export const metadata = { title: "Site policy" };

const purgeStep = z.enum(["confirm", "done", "busy"]).optional().catch(undefined);

export default async function PolicyPage({ searchParams }: PageProps<"/admin/policy">) {
  await requireAdmin();
  const [settings, params] = await Promise.all([getSettings(), searchParams]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Site policy</h1>
      <PolicyForm initial={settings} />
      <PurgePanel step={purgeStep.parse(params.purge)} settings={settings} />
    </div>
  );
}
