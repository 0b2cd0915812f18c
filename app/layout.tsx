import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";
import { env } from "@/lib/env";
import { releaseRenderWhenDone } from "@/lib/render-release";

export const metadata: Metadata = {
  title: { default: env.ORGANISATION_NAME, template: `%s · ${env.ORGANISATION_NAME}` },
  referrer: "same-origin",
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so each one carries the CSP nonce proxy.ts made for it.
  await connection();
  releaseRenderWhenDone();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
