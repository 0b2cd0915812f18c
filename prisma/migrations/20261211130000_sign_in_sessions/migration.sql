-- One row per sign-in, holding the ID token for RP-initiated logout (issue 21: not in the cookie).
CREATE TABLE "SignInSession" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "idToken" TEXT NOT NULL,
    "idpSessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInSession_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "SignInSession_userId_idx" ON "SignInSession"("userId");

CREATE INDEX "SignInSession_idpSessionId_idx" ON "SignInSession"("idpSessionId");

CREATE INDEX "SignInSession_expiresAt_idx" ON "SignInSession"("expiresAt");

ALTER TABLE "SignInSession" ADD CONSTRAINT "SignInSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
