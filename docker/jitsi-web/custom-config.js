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
