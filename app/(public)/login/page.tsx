import { redirect } from "next/navigation";
import { getUserOrNull } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { redirectTarget } from "@/lib/http/redirect-target";
import { SignInButton } from "./sign-in-button";

export const metadata = { title: "Sign in" };

// next-auth sends sign-in failures here as ?error=…; these are the ones a person can act on.
const ERRORS: Record<string, string> = {
  OAuthSignin: "Could not reach the sign-in service. Please try again.",
  OAuthCallback: "Sign-in was interrupted. Please try again.",
  Callback: "Sign-in could not be completed. Please try again.",
  AccessDenied: "Access was denied.",
};

export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  const { callbackUrl, error } = await searchParams;
  const target = redirectTarget(callbackUrl, env.NEXTAUTH_URL);
  if (await getUserOrNull()) redirect(target);
  const message = typeof error === "string" ? (ERRORS[error] ?? "Sign-in failed. Please try again.") : undefined;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-bold">Sign in to {env.ORGANISATION_NAME}</h1>
      {message && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {message}
        </p>
      )}
      <SignInButton callbackUrl={target} />
      <p className="text-sm text-slate-500">You sign in with your organisation account (Keycloak).</p>
    </main>
  );
}
