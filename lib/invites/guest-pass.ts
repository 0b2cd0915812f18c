// A guest's pass for one invite link: who they said they are, in an httpOnly cookie on their own
// browser. The portal stores no guest names; a pass is checked again on every token request.
import "server-only";
import { type KeyObject, createHmac, createSecretKey } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { cookies } from "next/headers";
import { env } from "@/lib/env";

export type GuestPass = { linkId: string; guestId: string; name: string };

// Its own key, derived, so a guest pass can never be mistaken for anything else signed by the portal.
// Made on first use: `next build` loads this module without secrets.
let cachedKey: KeyObject | undefined;
const key = () => (cachedKey ??= createSecretKey(createHmac("sha256", env.NEXTAUTH_SECRET).update("guest-pass:v1").digest()));

export const guestCookieName = (linkId: string) => `${env.NEXTAUTH_URL.startsWith("https://") ? "__Secure-" : ""}guest-${linkId}`;

export async function signGuestPass(pass: GuestPass, expiresAt: Date): Promise<string> {
  return new SignJWT({ lid: pass.linkId, name: pass.name })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(pass.guestId)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key());
}

/**
 * Sets the pass for a link in this browser (a server action or route handler): a guest's, or a
 * signed-in person's who has no right of their own (guestId = their user id), so that reloads and
 * renewals never take another use.
 */
export async function giveLinkPass(link: { id: string; expiresAt: Date }, holder: { guestId: string; name: string }) {
  const name = guestCookieName(link.id);
  (await cookies()).set(name, await signGuestPass({ linkId: link.id, ...holder }, link.expiresAt), {
    httpOnly: true,
    sameSite: "lax",
    secure: name.startsWith("__Secure-"),
    path: "/",
    expires: link.expiresAt,
  });
}

export async function verifyGuestPass(value: string | undefined, linkId: string): Promise<GuestPass | null> {
  if (!value) return null;
  try {
    const { payload } = await jwtVerify(value, key(), { algorithms: ["HS256"] });
    if (payload.lid !== linkId || typeof payload.name !== "string" || !payload.sub) return null;
    return { linkId, guestId: payload.sub, name: payload.name };
  } catch {
    return null;
  }
}
