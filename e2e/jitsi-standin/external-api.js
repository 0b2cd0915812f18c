// Stand-in for Jitsi's external_api.js, after jitsi-meet's modules/API/external/external_api.js:
// the same constructor options, a real cross-origin <iframe> with the same `allow` list, the URL
// built as urlObjectToString builds it (room in the path, ?jwt=, options in the hash), the same
// event and command names, and messages to and from the frame checked by origin, as postis does.
(() => {
  const ALLOW = ["autoplay", "camera", "clipboard-write", "compute-pressure", "display-capture", "fullscreen", "hid", "microphone", "screen-wake-lock", "speaker-selection"];
  // Wire name (frame) → event name (page), from `events` in external_api.js.
  const EVENTS = {
    ready: "ready",
    "camera-error": "cameraError",
    "mic-error": "micError",
    "error-occurred": "errorOccurred",
    "knocking-participant": "knockingParticipant",
    "participant-joined": "participantJoined",
    "participant-left": "participantLeft",
    "participant-role-changed": "participantRoleChanged",
    "prejoin-screen-loaded": "prejoinScreenLoaded",
    "video-conference-joined": "videoConferenceJoined",
    "video-conference-left": "videoConferenceLeft",
    "video-ready-to-close": "readyToClose",
  };
  // Command name (page) → wire name (frame), from `commands` in external_api.js.
  const COMMANDS = {
    answerKnockingParticipant: "answer-knocking-participant",
    displayName: "display-name",
    endConference: "end-conference",
    hangup: "video-hangup",
    subject: "subject",
    toggleAudio: "toggle-audio",
    toggleE2EE: "toggle-e2ee",
    toggleLobby: "toggle-lobby",
    toggleShareScreen: "toggle-share-screen",
    toggleVideo: "toggle-video",
  };
  let id = 0;

  class JitsiMeetExternalAPI {
    constructor(domain, options = {}) {
      const { roomName = "", parentNode = document.body, configOverwrite = {}, interfaceConfigOverwrite = {}, jwt, userInfo } = options;
      this._listeners = {};
      this._id = id++;
      const hash = [`jitsi_meet_external_api_id=${this._id}`];
      if (jwt) hash.push(`jwt=${JSON.stringify(jwt)}`);
      for (const [prefix, obj] of [["config", configOverwrite], ["interfaceConfig", interfaceConfigOverwrite], ["userInfo", userInfo ?? {}]]) {
        for (const key in obj) hash.push(`${prefix}.${key}=${encodeURIComponent(JSON.stringify(obj[key]))}`);
      }
      const url = new URL(`https://${domain}/${roomName}`);
      if (jwt) url.searchParams.set("jwt", jwt);
      url.hash = hash.join("&");
      this._origin = url.origin;

      const frame = document.createElement("iframe");
      const allow = [...ALLOW];
      if ("getScreenDetails" in window) allow.push("window-management");
      frame.allow = allow.join("; ");
      frame.name = frame.id = `jitsiConferenceFrame${this._id}`;
      frame.setAttribute("allowFullScreen", "true");
      frame.style.border = 0;
      frame.style.width = "100%";
      frame.style.height = "100%";
      frame.src = url.toString();
      this._frame = parentNode.appendChild(frame);

      this._onMessage = (e) => {
        if (e.origin !== this._origin || e.source !== this._frame.contentWindow) return;
        const data = e.data;
        if (!data || data.scope !== `jitsi_meet_external_api_${this._id}` || data.type !== "event") return;
        const { name, ...payload } = data.event;
        if (EVENTS[name]) this._emit(EVENTS[name], payload);
      };
      window.addEventListener("message", this._onMessage);
    }

    addListener(event, fn) {
      (this._listeners[event] ??= []).push(fn);
      return this;
    }

    on(event, fn) {
      return this.addListener(event, fn);
    }

    removeListener(event, fn) {
      this._listeners[event] = (this._listeners[event] ?? []).filter((f) => f !== fn);
      return this;
    }

    _emit(event, payload) {
      for (const fn of this._listeners[event] ?? []) fn(payload);
    }

    executeCommand(name, ...args) {
      if (!(name in COMMANDS)) {
        console.error("Not supported command name.");
        return;
      }
      this._frame.contentWindow?.postMessage({ scope: `jitsi_meet_external_api_${this._id}`, type: "command", name: COMMANDS[name], args }, this._origin);
    }

    dispose() {
      window.removeEventListener("message", this._onMessage);
      this._listeners = {};
      this._frame.parentNode?.removeChild(this._frame);
    }
  }

  window.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
})();
