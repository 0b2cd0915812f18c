"use client";
// The permission matrix: a checkbox per permission × role/group; each change is saved at once.
import { useRouter } from "next/navigation";
import { useOptimistic, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError, inputClass } from "@/components/ui/field";
import { type Grant, PERMISSIONS, PERMISSION_LABELS } from "@/lib/access/permissions";
import { grantInput } from "@/lib/validation/admin";

type Subject = { subjectType: "ROLE" | "GROUP"; subject: string };

export function PermissionMatrix({ grants, roles, groups, suggestedGroups }: { grants: Grant[]; roles: string[]; groups: string[]; suggestedGroups: string[] }) {
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
      <AddSubject columns={subjects} known={{ ROLE: roles, GROUP: [...new Set([...groups, ...suggestedGroups])] }} onAdd={(s) => setExtra((list) => [...list, s])} />
    </div>
  );
}

const same = (a: Grant, b: Grant) => a.permission === b.permission && a.subjectType === b.subjectType && a.subject === b.subject;

/**
 * A new column: a name that already has one (in any letter case) is refused; one nobody has been seen
 * with is added only after "Add anyway", since a misspelt group grants nobody anything.
 */
function AddSubject({ columns, known, onAdd }: { columns: Subject[]; known: Record<Subject["subjectType"], string[]>; onAdd: (s: Subject) => void }) {
  const [error, setError] = useState<string>();
  const [unconfirmed, setUnconfirmed] = useState<Subject>();
  const [type, setType] = useState<Subject["subjectType"]>("GROUP");
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const parsed = grantInput.pick({ subjectType: true, subject: true }).safeParse(Object.fromEntries(form));
        if (!parsed.success) return setError(parsed.error.issues[0]?.message);
        const s = parsed.data;
        const kind = s.subjectType === "ROLE" ? "role" : "group";
        const lower = s.subject.toLowerCase();
        const twin = columns.find((c) => c.subjectType === s.subjectType && c.subject.toLowerCase() === lower);
        if (twin) return setError(`There is already a column for ${kind} "${twin.subject}".`);
        const spelling = known[s.subjectType].filter((k) => k.toLowerCase() === lower);
        const name = spelling.length === 1 ? spelling[0]! : s.subject;
        const anyway = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("name") === "anyway";
        const confirmed = anyway && unconfirmed?.subjectType === s.subjectType && unconfirmed.subject === s.subject;
        if (!spelling.length && !confirmed) {
          setUnconfirmed(s);
          return setError(`No ${kind} "${s.subject}" is known: nobody with it has signed in yet. Check the spelling, or add it anyway.`);
        }
        setError(undefined);
        setUnconfirmed(undefined);
        onAdd({ subjectType: s.subjectType, subject: name });
        e.currentTarget.reset();
      }}
    >
      <select name="subjectType" aria-label="Role or group" className={`${inputClass} w-auto`} value={type} onChange={(e) => setType(e.target.value as Subject["subjectType"])}>
        <option value="GROUP">Group</option>
        <option value="ROLE">Role</option>
      </select>
      <input name="subject" aria-label="Role or group name" placeholder="e.g. engineering" list="known-subjects" autoComplete="off" className={`${inputClass} w-56`} onInput={() => setUnconfirmed(undefined)} />
      <datalist id="known-subjects">
        {known[type].filter((k) => !columns.some((c) => c.subjectType === type && c.subject === k)).map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      <Button type="submit" variant="secondary">Add column</Button>
      {unconfirmed && (
        <Button type="submit" name="anyway" value="1" variant="secondary">
          Add anyway
        </Button>
      )}
      <FormError message={error} />
    </form>
  );
}
