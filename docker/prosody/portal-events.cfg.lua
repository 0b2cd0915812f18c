-- Room and occupant events for the portal's presence (README "Presence and attendance"), from
-- jitsi-contrib's event_sync component, which the Prosody image ships in /prosody-plugins-contrib
-- (event_sync_component links to event_sync/mod_event_sync_component.lua). Mounted into /config/conf.d,
-- which the image copies beside its own config; prosody.cfg.lua ends with Include "conf.d/*.cfg.lua".
-- ENV_* reads the container's environment (Prosody's configmanager).
-- The names follow JITSI_XMPP_DOMAIN as the image's own template does (XMPP_MUC_DOMAIN, breakout.<domain>).
Component ("esync." .. ENV_XMPP_DOMAIN) "event_sync_component"
    muc_component = ENV_XMPP_MUC_DOMAIN
    breakout_component = "breakout." .. ENV_XMPP_DOMAIN
    -- POSTs <prefix>/events/{room/created,room/destroyed,occupant/joined,occupant/left} on the internal
    -- `ingest` network, never through the proxy (which answers 404 for /api/internal/*).
    api_prefix = ENV_PORTAL_INTERNAL_URL .. "/api/internal/prosody"
    api_headers = {
        ["Authorization"] = "Bearer " .. ENV_PROSODY_EVENTS_SECRET;
    }
    api_timeout = 10
    -- Retried on 5xx (the portal answers 503 while its database is away); refusals are 4xx and final.
    api_retry_count = 5
    api_retry_delay = 2
    -- Only the token's id, name and email (the portal reads the id alone), never the whole context.
    include_user_info = false
