/**
 * The features Jitsi's own external API delegates to its frame (`allow` in _createIFrame of
 * jitsi-meet's modules/API/external/external_api.js; `window-management` only where the browser has
 * getScreenDetails). The portal's Permissions-Policy must name the Jitsi origin for each, or the
 * cross-origin frame gets NotAllowedError for camera and microphone whatever `allow` says.
 */
export const JITSI_FRAME_FEATURES = [
  "autoplay",
  "camera",
  "clipboard-write",
  "compute-pressure",
  "display-capture",
  "fullscreen",
  "hid",
  "microphone",
  "screen-wake-lock",
  "speaker-selection",
  "window-management",
] as const;

// What the embedded Jitsi is told: privacy first (no third parties, no analytics, no peer-to-peer
// address exposure), the portal owns invitations, and the meeting's own options.
export function jitsiConfigOverwrite(opts: { subject: string; displayNameLocked: boolean; prejoin: boolean }) {
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
    // The device check before entering; skipped when rejoining after a drop or a token renewal.
    prejoinConfig: { enabled: opts.prejoin },
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
