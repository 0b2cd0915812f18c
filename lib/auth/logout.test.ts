// Sign-out at Keycloak with the sign-in's ID token as id_token_hint (issue 21 item 6): no "Do you want
// to log out?". A long token (many groups) goes as a form post, never as a URL Keycloak refuses.
import { afterEach, describe, expect, it, vi } from "vitest";
import { goToLogout, keycloakLogoutUrl } from "@/lib/auth/logout";

const END = "http://127.0.0.1:8180/realms/portal/protocol/openid-connect/logout";

describe("Keycloak logout", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends id_token_hint with client_id and post_logout_redirect_uri; only client_id without a token", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Response.json({ end_session_endpoint: END })));
    const withHint = new URL(await keycloakLogoutUrl("a.b.c"));
    expect(withHint.origin + withHint.pathname).toBe(END);
    expect(Object.fromEntries(withHint.searchParams)).toEqual({
      id_token_hint: "a.b.c",
      client_id: "meeting-portal",
      post_logout_redirect_uri: "http://127.0.0.1:3000/signed-out",
    });
    expect(new URL(await keycloakLogoutUrl(null)).searchParams.has("id_token_hint")).toBe(false);
  });

  it("redirects when the URL is short", () => {
    const res = goToLogout(`${END}?id_token_hint=a.b.c`, "n0nce");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${END}?id_token_hint=a.b.c`);
  });

  it("posts the same fields when the URL is too long for Keycloak", async () => {
    const token = `h.${"x".repeat(28_000)}.s`;
    const res = goToLogout(`${END}?id_token_hint=${token}&client_id=meeting-portal`, `n0nce"<`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<form id="logout" method="post" action="${END}">`);
    expect(html).toContain(`<input type="hidden" name="id_token_hint" value="${token}">`);
    expect(html).toContain(`<input type="hidden" name="client_id" value="meeting-portal">`);
    expect(html).toContain(`<script nonce="n0nce&#34;&#60;">`);
  });
});
