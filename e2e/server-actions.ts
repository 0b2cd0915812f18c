// Calling server actions over HTTP as any client can: by the id the build gave each exported action,
// with JSON arguments (as React's client sends them) or a form (as a page without JavaScript does).
import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** The build's id of an exported server action, e.g. actionId("lib/actions/meetings.ts", "cancelMeetingAction"). */
export function actionId(file: string, name: string): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as Manifest;
  const id = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === name)?.[0];
  if (!id) throw new Error(`no server action ${file}#${name} in the build`);
  return id;
}

/** Posts `args` (JSON-encoded, as React does; "$K1" names `form`, whose fields go as "_1_<name>") to the action on the page at `path`. */
export function callAction(request: APIRequestContext, path: string, id: string, args: unknown[], form?: Record<string, string>) {
  const headers = { "Next-Action": id, Accept: "text/x-component" };
  if (!form) return request.post(path, { headers: { ...headers, "Content-Type": "text/plain;charset=UTF-8" }, data: JSON.stringify(args), maxRedirects: 0 });
  // React's order: the form's fields first, the arguments ("0") last, read once all parts are in.
  const multipart = new FormData();
  for (const [k, v] of Object.entries(form)) multipart.append(`_1_${k}`, v);
  multipart.append("0", JSON.stringify(args));
  return request.post(path, { headers, multipart, maxRedirects: 0 });
}

/** The hidden fields of the first form on a page as the server rendered it (what a browser without JavaScript posts back). */
export async function renderedFormFields(request: APIRequestContext, path: string): Promise<Record<string, string>> {
  const html = await (await request.get(path)).text();
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    fields[unescapeHtml(name!)] = unescapeHtml(value ?? "");
  }
  return fields;
}

const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
