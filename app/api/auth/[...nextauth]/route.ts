// GET|POST /api/auth/* — next-auth (Keycloak sign-in, callback, session)
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
