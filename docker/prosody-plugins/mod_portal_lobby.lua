-- mod_portal_lobby: host first, and the lobby from the first second, decided by the portal's token.
-- Loaded on the main MUC component (XMPP_MUC_MODULES); mounted at /prosody-plugins-custom, which the
-- docker-jitsi-meet image searches first (plugin_paths in prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua).
-- Works on Prosody 0.12 and 13; needs jitsi-meet's muc_lobby_rooms and persistent_lobby on the main host.
--
-- Why not upstream: muc_wait_for_host counts every token holder as the host, and destroys the lobby
-- when one arrives; contrib token_owner_party refuses with a plain not-allowed, which Jitsi's client
-- never retries. Here only a moderator (token_affiliation's rule) is a host, whoever waits gets the
-- 407 + <lobbyroom> Jitsi shows as its waiting screen, and the lobby stays for those who need it.
--
-- Claims (signed in lib/jitsi/token.ts): context.user.moderator, context.user.lobby_bypass (a colleague
-- enters once a moderator is in), context.room.lobby (the meeting or the holder's link wants a lobby;
-- when absent, assumed true: fail closed).
local jid = require "util.jid";
local st = require "util.stanza";
local util = module:require "util"; -- jitsi-meet's util.lib.lua
local is_admin, is_healthcheck_room = util.is_admin, util.is_healthcheck_room;

local MUC_NS, MUC_USER_NS, JITSI_NS = "http://jabber.org/protocol/muc", "http://jabber.org/protocol/muc#user", "http://jitsi.org/jitmeet";
local WAITING = "waiting-for-host"; -- mod_muc_lobby_rooms puts room._data.lobby_extra_reason in its 407
local lobby_host = "lobby." .. module:get_option_string("muc_mapper_domain_base", "");

-- The same rule as jitsi-meet's mod_token_affiliation, so the host is whoever it makes owner.
local function is_host(session)
    local user = session and session.auth_token and session.jitsi_meet_context_user;
    return user ~= nil and (user.moderator == true or user.moderator == "true"
        or user.affiliation == "owner" or user.affiliation == "moderator");
end

local function may_skip_lobby(session)
    local user, room = session and session.jitsi_meet_context_user, session and session.jitsi_meet_context_room;
    return (user and user.lobby_bypass == true) or (room ~= nil and room.lobby == false);
end

local function wants_lobby(session)
    local room = session and session.jitsi_meet_context_room;
    return not (room and room.lobby == false);
end

local function has_host(room)
    for _, o in room:each_occupant() do
        if o.role == "moderator" and not is_admin(o.bare_jid) then return true; end
    end
    return false;
end

-- jitsi-meet's mod_persistent_lobby handles this event (create-lobby-room in mod_muc_lobby_rooms, and
-- the room outlives Jicofo leaving while someone waits).
local function open_lobby(room, reason)
    if not room:get_members_only() then
        prosody.events.fire_event("create-persistent-lobby-room", { room = room; reason = reason; skip_display_name_check = reason ~= nil });
    elseif reason then
        room._data.lobby_extra_reason = reason;
    end
end

local function lobby_room(room)
    local muc = prosody.hosts[lobby_host] and prosody.hosts[lobby_host].modules.muc;
    return muc and room._data.lobbyroom and muc.get_room_from_jid(room._data.lobbyroom);
end

-- Jitsi's waiting screen: 407 registration-required with <waiting-for-host/> and <lobbyroom/>, as
-- mod_muc_lobby_rooms answers; answered here because token_lobby_bypass would let colleagues in.
local function hold(event)
    if not event.room._data.lobbyroom then
        module:log("error", "no lobby for %s: load muc_lobby_rooms and persistent_lobby on the main host", event.room.jid);
    end
    local reply = st.error_reply(event.stanza, "auth", "registration-required");
    reply.tags[1].attr.code = "407";
    reply:tag(WAITING, { xmlns = JITSI_NS }):up();
    reply:tag("lobbyroom", { xmlns = JITSI_NS }):text(event.room._data.lobbyroom or ""):up():up();
    event.origin.send(reply:tag("x", { xmlns = MUC_NS }));
    return true;
end

-- After token_verification (99), before token_lobby_bypass (-3), token_affiliation (-3.5),
-- muc_lobby_rooms (-4) and Prosody's members-only check (-5).
module:hook("muc-occupant-pre-join", function (event)
    local room, occupant, session = event.room, event.occupant, event.origin;
    -- No one reaches the main domain without a token (JWT_ALLOW_EMPTY=0, no guest domain): a tokenless
    -- occupant is Jicofo or Jibri's recorder, which muc_lobby_whitelist already lets past the lobby.
    if is_healthcheck_room(room.jid) or is_admin(occupant.bare_jid) or not session.auth_token then return; end
    if is_host(session) then
        -- token_affiliation skips joiners without an affiliation while the room is members-only.
        if room:get_members_only() and (room:get_affiliation(occupant.bare_jid) or "none") == "none" then
            room:set_affiliation(true, occupant.bare_jid, "owner");
        end
        return;
    end
    if not has_host(room) then
        open_lobby(room, WAITING);
        return hold(event);
    end
    if not may_skip_lobby(session) then open_lobby(room, nil); end -- muc_lobby_rooms answers 407
end, -2);

-- The host is in: whoever may enter is admitted (as a moderator's invite would); the lobby stays when
-- the host's meeting or a waiting guest wants it, else it closes and everyone rejoins.
module:hook("muc-occupant-joined", function (event)
    local room, session = event.room, event.origin;
    if event.occupant.role ~= "moderator" or not is_host(session) then return; end
    local keep = wants_lobby(session);
    if keep then open_lobby(room, nil); end
    if room._data.lobby_extra_reason ~= WAITING then return; end
    room._data.lobby_extra_reason, room._data.lobby_skip_display_name_check = nil, nil;
    local lobby, admit = lobby_room(room), {};
    if lobby then
        for _, o in lobby:each_occupant() do
            for real_jid in o:each_session() do
                if may_skip_lobby(prosody.full_sessions[real_jid]) then admit[#admit + 1] = real_jid; else keep = true; end
            end
        end
    end
    if not keep then -- as muc_wait_for_host does when its host arrives
        room:set_members_only(false);
        room:set_persistent(false);
        prosody.events.fire_event("destroy-lobby-room", {
            room = room; newjid = util.internal_room_jid_match_rewrite(room.jid); message = "Host arrived." });
        return;
    end
    for _, real_jid in ipairs(admit) do
        room:set_affiliation(true, jid.bare(real_jid), "member");
        room:route_stanza(st.message({ from = room.jid; to = real_jid })
            :tag("x", { xmlns = MUC_USER_NS }):tag("invite", { from = room.jid }):tag("reason"):text("The host has arrived."));
    end
end);
