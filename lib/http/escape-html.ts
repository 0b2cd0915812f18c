/** Text or an attribute value inside hand-written HTML (pages React does not render). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
