// What the embedded Jitsi is told: privacy first (no third parties, no analytics, no peer-to-peer
// address exposure), the portal owns invitations, and the meeting's own options.
export function jitsiConfigOverwrite(opts: { subject: string; displayNameLocked: boolean }) {
  return {
    subject: opts.subject,
    disableThirdPartyRequests: true, // no gravatar, no external stats
    analytics: { disabled: true },
    gravatar: { disabled: true },
    disableDeepLinking: true,
    doNotStoreRoom: true, // room names are secrets; keep them out of the browser's recent list
    disableInviteFunctions: true, // invitations go through the portal, never by sharing the room URL
    enableCalendarIntegration: false,
    // Media always through our videobridge: participants never learn each other's IP address.
    p2p: { enabled: false },
    readOnlyName: opts.displayNameLocked,
    prejoinConfig: { enabled: true },
    enableWelcomePage: false,
    feedbackPercentage: 0,
    disableBeforeUnloadHandlers: false,
  };
}

export const jitsiInterfaceOverwrite = {
  SHOW_JITSI_WATERMARK: false,
  SHOW_BRAND_WATERMARK: false,
  SHOW_POWERED_BY: false,
  MOBILE_APP_PROMO: false,
  HIDE_INVITE_MORE_HEADER: true,
  DISABLE_JOIN_LEAVE_NOTIFICATIONS: false,
};
