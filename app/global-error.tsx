"use client";

export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui", padding: "3rem" }}>
        <h1>Something went wrong</h1>
        <p>The portal could not show this page. Nothing you saved was lost.</p>
        <button onClick={reset}>Try again</button>
      </body>
    </html>
  );
}
