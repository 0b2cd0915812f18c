"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn("keycloak", { callbackUrl });
      }}
    >
      {pending ? "Redirecting…" : "Sign in with your organisation account"}
    </Button>
  );
}
