// Appended to the generated config.js by the jitsi/web image (mounted at /config/custom-config.js).
// Privacy defaults for meetings opened from the portal: nothing is loaded from or reported to third
// parties. ENABLE_THIRD_PARTY_REQUESTS=0 in docker/compose.yml covers the first line on images that
// know that variable; this file covers the rest and older images.
config.disableThirdPartyRequests = true;

// Avatars: no gravatar lookups for the e-mail address carried in the token.
if (!config.hasOwnProperty('gravatar')) config.gravatar = {};
config.gravatar.disabled = true;

// Analytics: no handlers, no third-party scripts.
if (!config.hasOwnProperty('analytics')) config.analytics = {};
config.analytics.disabled = true;
config.analytics.scriptURLs = [];

// Recording consent (README "Recordings"): when a recording starts, Jitsi mutes everyone and asks each
// person, those already in the meeting included, before their camera and microphone are back on
// (jitsi-meet react/features/recording/functions.ts shouldRequireRecordingConsent). Not settable from
// the embedding page: recordings.requireConsent is not in configWhitelist.ts. Its prejoin screen also
// says the meeting may be recorded. The portal notes it on each recording (RECORDING_CONSENT_ASKED).
if (!config.hasOwnProperty('recordings')) config.recordings = {};
config.recordings.requireConsent = true;
config.recordings.skipConsentInMeeting = false;
config.recordings.showPrejoinWarning = true;
