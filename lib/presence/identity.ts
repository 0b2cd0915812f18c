// The id a conference token carries (context.user.id), read back from Prosody's events. A person is
// their user id; a guest is the link they came through plus a per-guest id, never their name.
const GUEST = /^guest:([0-9a-f-]{36}):[0-9a-f-]{36}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const guestConferenceId = (linkId: string, guestId: string) => `guest:${linkId}:${guestId}`;

export type ConferenceIdentity = { userId: string } | { linkId: string } | null;

export function parseConferenceId(id: string | undefined): ConferenceIdentity {
  if (!id) return null;
  const guest = GUEST.exec(id);
  if (guest) return { linkId: guest[1]!.toLowerCase() };
  return UUID.test(id) ? { userId: id.toLowerCase() } : null;
}
