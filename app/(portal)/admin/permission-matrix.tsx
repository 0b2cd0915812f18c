"use client";
// The permission matrix: a checkbox per permission × role/group; each change is saved at once.
import { useRouter } from "next/navigation";
import { useOptimistic, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError, inputClass } from "@/components/ui/field";
import { type Grant, PERMISSIONS, PERMISSION_LABELS } from "@/lib/access/permissions";
import { grantInput } from "@/lib/validation/admin";

type Subject = { subjectType: "ROLE" | "GROUP"; subject: string };

export function PermissionMatrix({ grants, roles, groups }: { grants: Grant[]; roles: string[]; groups: string[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [extra, setExtra] = useState<Subject[]>([]);
  const subjects: Subject[] = [
    ...roles.map((subject) => ({ subjectType: "ROLE" as const, subject })),
    ...groups.map((subject) => ({ subjectType: "GROUP" as const, subject })),
    ...extra,
  ];
  // The box follows the click at once; the server's answer (router.refresh) settles it.
  const [shown, showChange] = useOptimistic(grants, (state, change: Grant & { on: boolean }) => {
    const { on, ...grant } = change;
    const rest = state.filter((g) => !same(g, grant));
    return on ? [...rest, grant] : rest;
  });
  const held = (permission: Grant["permission"], s: Subject) => shown.some((g) => same(g, { permission, ...s }));

  const toggle = (permission: Grant["permission"], s: Subject, on: boolean) =>
    start(async () => {
      showChange({ permission, ...s, on });
      const res = await fetch("/api/admin/permissions", { method: on ? "POST" : "DELETE", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ permission, ...s }) });
      setError(res.ok ? undefined : ((await res.json().catch(() => null))?.error?.message ?? "Could not save the change."));
      router.refresh();
    });

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm dark:bg-slate-900">
        <table className="min-w-full text-sm" data-testid="permission-matrix">
          <thead>
            <tr>
              <th scope="col" className="px-3 py-2 text-left">Permission</th>
              {subjects.map((s) => (
                <th key={`${s.subjectType}:${s.subject}`} scope="col" className="px-3 py-2 text-center font-medium">
                  <span className="block text-xs text-slate-500">{s.subjectType === "ROLE" ? "role" : "group"}</span>
                  {s.subject}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PERMISSIONS.map((p) => (
              <tr key={p} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-3 py-2 text-left font-normal">{PERMISSION_LABELS[p]}</th>
                {subjects.map((s) => (
                  <td key={`${s.subjectType}:${s.subject}`} className="px-3 py-2 text-center">
                    <input
                      type="checkbox"
                      className="size-4"
                      aria-label={`${PERMISSION_LABELS[p]} for ${s.subjectType === "ROLE" ? "role" : "group"} ${s.subject}`}
                      checked={held(p, s)}
                      disabled={pending}
                      onChange={(e) => toggle(p, s, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddSubject onAdd={(s) => setExtra((list) => [...list, s])} />
    </div>
  );
}

const same = (a: Grant, b: Grant) => a.permission === b.permission && a.subjectType === b.subjectType && a.subject === b.subject;

function AddSubject({ onAdd }: { onAdd: (s: Subject) => void }) {
  const [error, setError] = useState<string>();
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const parsed = grantInput.pick({ subjectType: true, subject: true }).safeParse(Object.fromEntries(form));
        if (!parsed.success) return setError(parsed.error.issues[0]?.message);
        setError(undefined);
        onAdd(parsed.data);
        e.currentTarget.reset();
      }}
    >
      <select name="subjectType" aria-label="Role or group" className={`${inputClass} w-auto`}>
        <option value="GROUP">Group</option>
        <option value="ROLE">Role</option>
      </select>
      <input name="subject" aria-label="Role or group name" placeholder="e.g. engineering" className={`${inputClass} w-56`} />
      <Button type="submit" variant="secondary">Add column</Button>
      <FormError message={error} />
    </form>
  );
}
