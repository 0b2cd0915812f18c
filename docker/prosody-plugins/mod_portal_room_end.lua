-- mod_portal_room_end: a meeting's conference closes a set time after its scheduled end, with a
-- warning to everyone in it beforehand, so rooms do not linger open. Loaded on the main MUC component
-- (XMPP_MUC_MODULES); mounted at /prosody-plugins-custom like mod_portal_lobby.lua.
--
-- The portal signs the closing time into every token (lib/jitsi/token.ts): context.room.closes_at, Unix
-- seconds, the scheduled end of the meeting (of a series: of its meeting on now) plus
-- ROOM_CLOSES_MINUTES_AFTER_END. A room keeps the latest time any joiner brought, so an organiser who
-- moves the end later extends it with the next token. The warning and the closing are done the way
-- jitsi-contrib's time_restricted does them (a groupchat message from the room, then room:destroy with a
-- reason, which Jitsi's client shows as the conference ending).
local st = require "util.stanza";
local timer = require "util.timer";
local util = module:require "util"; -- jitsi-meet's util.lib.lua
local is_healthcheck_room = util.is_healthcheck_room;

local WARN_SECONDS = module:get_option_number("portal_room_end_warning_minutes", 5) * 60;
local TICK_SECONDS = module:get_option_number("portal_room_end_tick_seconds", 15);

local closing = {}; -- room jid → room, for rooms that have a closing time

module:hook("muc-occupant-joined", function (event)
    local room, session = event.room, event.origin;
    local claim = session and session.auth_token and session.jitsi_meet_context_room;
    local closes_at = claim and tonumber(claim.closes_at);
    if not closes_at or is_healthcheck_room(room.jid) then return; end
    if not room._data.portal_closes_at or closes_at > room._data.portal_closes_at then
        room._data.portal_closes_at, room._data.portal_end_warned = closes_at, nil;
    end
    closing[room.jid] = room;
end);

module:hook("muc-room-destroyed", function (event)
    closing[event.room.jid] = nil;
end);

local function tell(room, text)
    room:broadcast_message(st.message({ type = "groupchat", from = room.jid }):tag("body"):text(text):up());
end

timer.add_task(TICK_SECONDS, function ()
    local now = os.time();
    for room_jid, room in pairs(closing) do
        local closes_at = room._data.portal_closes_at;
        if closes_at and now >= closes_at then
            closing[room_jid] = nil;
            module:log("info", "closing %s: its scheduled time is over", room_jid);
            room:set_persistent(false);
            room:destroy(nil, "The meeting's scheduled time is over.");
        elseif closes_at and now >= closes_at - WARN_SECONDS and not room._data.portal_end_warned then
            room._data.portal_end_warned = true;
            local minutes = math.max(1, math.floor((closes_at - now) / 60 + 0.5));
            tell(room, ("This meeting's scheduled time is over: the room closes in %d minute%s."):format(minutes, minutes == 1 and "" or "s"));
        end
    end
    return TICK_SECONDS;
end);
