import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    /** The user's sessionVersion at sign-in; a cookie with an older one is signed out. */
    sv?: number;
    /** This sign-in's row in SignInSession (lib/auth/sign-in-sessions.ts), which keeps the ID token. */
    sid?: string;
  }
}
