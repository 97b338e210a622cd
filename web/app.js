"use strict";

// The browser chat client, Protocol v2 (README, "The WebSocket protocol"). It connects with ?name=<display name> and
// sends {"action":"sendMessage","data":"<text>","clientMessageId":"<uuid>"}; every connected client, this one
// included, receives the server's envelope {"type":"message","id","from":{"name","connectionId"},"text","sentAt",
// "clientMessageId"?}. User text only ever arrives inside "text", so a frame of type "error" is always a notice from
// the handlers; {"message","connectionId","requestId"} objects are API Gateway's own notices (Forbidden, Internal
// server error). Own messages are the ones whose clientMessageId this page generated. Any other frame is shown as
// plain text. Everything from the network is rendered with textContent, never as HTML.

// API Gateway (and the local gateway) accept at most 32 KB in one WebSocket frame and close the connection with 1009
// when a frame is larger. The 128 KB message limit only matters for clients that split a message into several
// frames; a browser sends each message as one frame, so for this page the 32 KB frame limit is the message limit,
// counted in UTF-8 bytes over the whole frame (the JSON envelope included). Refusing here keeps the connection open.
const FRAME_LIMIT_BYTES = 32768;
const RECONNECT_BASE_MS = 1000;
const RECONNECT_CAP_MS = 30000;
const CONNECT_TIMEOUT_MS = 10000;
const NOTICE_AFTER_FAILURES = 3;
const PENDING_TTL_MS = 60000;
const MAX_MESSAGES = 500;
const MAX_NOTICES = 4;
const STORAGE_KEY = "webchat.lastUrl";
const NAME_KEY = "webchat.name";

const el = {
  state: document.getElementById("state"),
  retry: document.getElementById("retry-button"),
  endpoint: document.getElementById("endpoint"),
  announcer: document.getElementById("state-announcer"),
  endpointPanel: document.getElementById("endpoint-panel"),
  endpointForm: document.getElementById("endpoint-form"),
  urlInput: document.getElementById("url-input"),
  connection: document.getElementById("connection-button"),
  notices: document.getElementById("notices"),
  messages: document.getElementById("messages"),
  sendForm: document.getElementById("send-form"),
  input: document.getElementById("input"),
  error: document.getElementById("input-error"),
  ownName: document.getElementById("own-name"),
  changeName: document.getElementById("change-name-button"),
  nameForm: document.getElementById("name-form"),
  nameInput: document.getElementById("name-input"),
  nameButton: document.getElementById("name-button"),
  nameCancel: document.getElementById("name-cancel"),
  nameError: document.getElementById("name-error"),
};

const utf8 = new TextEncoder();
const numbers = new Intl.NumberFormat("en-US");

const chat = {
  url: "",
  name: "",        // the display name this page connects with (valid by the server's rule)
  socket: null,
  wanted: false,   // the user wants a connection: closes lead to a reconnect
  failures: 0,     // consecutive attempts without an open connection; drives the backoff
  reconnectAt: 0,
  timers: { reconnect: 0, countdown: 0, connect: 0 },
  pending: new Map(), // clientMessageId -> time sent, for messages sent by this page and not yet echoed back
  stateName: "",
};

// ---- connection -------------------------------------------------------------------------------------------------

function connectTo(rawUrl) {
  const url = parseEndpoint(rawUrl);
  if (!url) {
    showError(`Not a WebSocket URL: "${rawUrl}". It must start with wss:// (deployed API) or ws:// (local gateway).`);
    return false;
  }
  closeSocket();
  chat.url = url;
  chat.wanted = true;
  chat.failures = 0;
  el.endpoint.textContent = url;
  el.endpoint.title = url;
  el.urlInput.value = url;
  remember(url);
  clearError();
  open();
  return true;
}

function open() {
  clearTimers();
  if (!chat.name) {
    setState("disconnected");
    askForName();
    return;
  }
  setState("connecting");
  let socket;
  try {
    socket = new WebSocket(namedUrl(chat.url, chat.name));
  } catch (error) {
    // e.g. a ws:// URL from an https:// page: the browser refuses before any network traffic.
    chat.wanted = false;
    setState("disconnected");
    showError(`Cannot connect to ${chat.url}: ${error.message}`);
    return;
  }
  socket.binaryType = "arraybuffer";
  chat.socket = socket;
  chat.timers.connect = setTimeout(() => socket.close(), CONNECT_TIMEOUT_MS);

  let opened = false;
  socket.addEventListener("open", () => {
    if (chat.socket !== socket) return;
    opened = true;
    el.notices.querySelectorAll("[data-unreachable]").forEach((notice) => notice.remove());
    clearTimeout(chat.timers.connect);
    chat.failures = 0;
    setState("connected");
  });
  socket.addEventListener("message", (event) => {
    if (chat.socket !== socket) return;
    receive(event.data);
  });
  socket.addEventListener("close", (event) => {
    if (chat.socket !== socket) return;
    chat.socket = null;
    if (event.reason) {
      addNotice("Connection", `Closed by the server: ${event.reason} (code ${event.code}).`);
    }
    if (chat.wanted && !opened && chat.failures === NOTICE_AFTER_FAILURES - 1) {
      const notice = addNotice("Connection", `${NOTICE_AFTER_FAILURES} attempts to reach ${chat.url} failed. ` +
        "Check the URL (a deployed API's is the stack's WebSocketURI output); the page keeps trying.");
      notice.dataset.unreachable = "true";
    }
    if (chat.wanted) {
      scheduleReconnect();
    } else {
      setState("disconnected");
    }
  });
}

// Exponential backoff with "equal jitter": the ceiling doubles per failed attempt up to the cap, the delay is
// between half the ceiling and the ceiling, so clients cut off together do not all come back in the same instant.
function reconnectDelay(failures) {
  const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** failures);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function scheduleReconnect() {
  clearTimers();
  const delay = reconnectDelay(chat.failures);
  chat.failures += 1;
  chat.reconnectAt = Date.now() + delay;
  chat.timers.reconnect = setTimeout(open, delay);
  chat.timers.countdown = setInterval(renderState, 250);
  setState("reconnecting");
}

function disconnect() {
  chat.wanted = false;
  closeSocket();
  setState("disconnected");
}

function closeSocket() {
  clearTimers();
  const socket = chat.socket;
  chat.socket = null;
  if (socket && socket.readyState <= WebSocket.OPEN) {
    socket.close(1000, "Client disconnected");
  }
}

function clearTimers() {
  clearTimeout(chat.timers.reconnect);
  clearInterval(chat.timers.countdown);
  clearTimeout(chat.timers.connect);
}

function setState(name) {
  const changed = name !== chat.stateName;
  chat.stateName = name;
  renderState();
  if (changed) el.announcer.textContent = announcement(name);
}

function renderState() {
  const name = chat.stateName;
  let text = name;
  if (name === "connecting") text = "connecting…";
  if (name === "reconnecting") {
    const seconds = Math.max(1, Math.ceil((chat.reconnectAt - Date.now()) / 1000));
    text = `reconnecting in ${seconds} s`;
  }
  el.state.textContent = text;
  el.state.dataset.state = name;
  el.retry.hidden = name !== "reconnecting";
  el.connection.textContent = name === "disconnected" ? "Connect" : "Disconnect";
  el.connection.disabled = name === "disconnected" && !chat.url;
}

function announcement(name) {
  switch (name) {
    case "connecting": return `Connecting to ${chat.url}`;
    case "connected": return `Connected to ${chat.url}`;
    case "reconnecting": return "Connection lost. Reconnecting automatically.";
    default: return "Disconnected";
  }
}

// ---- incoming ---------------------------------------------------------------------------------------------------

function receive(data) {
  if (typeof data !== "string") {
    addNotice("Connection", `A binary message of ${numbers.format(data.byteLength)} bytes arrived; this page shows text only.`);
    return;
  }
  const value = parseObject(data);
  const message = value && envelope(value);
  if (message) {
    receiveMessage(message);
    return;
  }
  const notice = value && serverNotice(value);
  if (notice) {
    addNotice(notice.source, notice.text);
  } else {
    addMessage({ author: "Not a chat message", text: data, sentAt: new Date(), own: false, unknown: true });
  }
}

function parseObject(text) {
  if (!text.startsWith("{")) return null;
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

// The server's message envelope, or null when the object is not one (a missing or wrongly typed field).
function envelope(value) {
  if (value.type !== "message" || typeof value.text !== "string") return null;
  const from = value.from;
  if (from === null || typeof from !== "object" || typeof from.name !== "string") return null;
  const sentAt = new Date(typeof value.sentAt === "string" ? value.sentAt : NaN);
  return {
    author: from.name,
    text: value.text,
    sentAt: Number.isNaN(sentAt.getTime()) ? new Date() : sentAt,
    clientMessageId: typeof value.clientMessageId === "string" ? value.clientMessageId : "",
  };
}

// Handler notices: {"type":"error","code":"...","message":"..."} (RATE_LIMITED adds retryAfterMs); API Gateway's own:
// {"message":"Forbidden","connectionId":"...","requestId":"..."}. No client input can produce either at top level.
function serverNotice(value) {
  if (typeof value.message !== "string") return null;
  if (value.type === "error") {
    const code = typeof value.code === "string" ? value.code : "Error";
    return { source: code, text: value.message + retryHint(value.retryAfterMs) };
  }
  if (!("type" in value) && ("connectionId" in value || "requestId" in value)) {
    const request = typeof value.requestId === "string" ? ` (request ${value.requestId})` : "";
    return { source: "API Gateway", text: `${value.message}${request}` };
  }
  return null;
}

function retryHint(retryAfterMs) {
  if (typeof retryAfterMs !== "number" || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) return "";
  const at = new Date(Date.now() + retryAfterMs);
  return ` Sending works again at ${at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })}.`;
}

function receiveMessage(message) {
  const own = takePending(message.clientMessageId);
  if (own && message.author !== chat.name) {
    // The server stored another name than the page asked for (a rule changed on one side): show the server's.
    renderName(message.author);
  }
  addMessage({ ...message, own });
}

function takePending(clientMessageId) {
  const now = Date.now();
  for (const [id, sentAt] of chat.pending) {
    if (now - sentAt >= PENDING_TTL_MS) chat.pending.delete(id);
  }
  return clientMessageId !== "" && chat.pending.delete(clientMessageId);
}

function addMessage({ author, text, sentAt, own, unknown = false }) {
  const list = el.messages;
  const stickToBottom = own || list.scrollHeight - list.scrollTop - list.clientHeight < 80;

  const item = document.createElement("li");
  item.className = own ? "message own" : unknown ? "message unknown" : "message";
  item.dataset.testid = "message";
  item.dataset.own = String(own);

  const meta = document.createElement("div");
  meta.className = "meta";
  const name = document.createElement("span");
  name.className = "author";
  name.dataset.testid = "message-author";
  name.textContent = author;
  meta.append(name, " ", timeElement(sentAt));

  const body = document.createElement("p");
  body.className = "text";
  body.dataset.testid = "message-text";
  body.textContent = text;

  item.append(meta, body);
  list.append(item);
  while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
  if (stickToBottom) list.scrollTop = list.scrollHeight;
}

function addNotice(source, text) {
  const item = document.createElement("li");
  item.className = "notice";
  item.dataset.testid = "notice";

  const label = document.createElement("strong");
  label.className = "notice-source";
  label.textContent = source;
  const body = document.createElement("span");
  body.className = "notice-text";
  body.textContent = text;
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "dismiss";
  dismiss.textContent = "×";
  dismiss.setAttribute("aria-label", "Dismiss notice");
  dismiss.addEventListener("click", () => item.remove());

  item.append(timeElement(new Date()), " ", label, " ", body, dismiss);
  el.notices.append(item);
  while (el.notices.children.length > MAX_NOTICES) el.notices.firstElementChild.remove();
  return item;
}

function timeElement(date) {
  const time = document.createElement("time");
  time.dateTime = date.toISOString();
  time.textContent = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  time.title = date.toLocaleString();
  return time;
}

// ---- outgoing ---------------------------------------------------------------------------------------------------

function send(event) {
  event.preventDefault();
  const text = el.input.value;
  if (text.trim() === "") return;
  const clientMessageId = newMessageId();
  const frame = JSON.stringify({ action: "sendMessage", data: text, clientMessageId });
  const size = utf8.encode(frame).length;
  if (size > FRAME_LIMIT_BYTES) {
    showError(`Message too long: ${numbers.format(size)} bytes; the limit is ${numbers.format(FRAME_LIMIT_BYTES)} ` +
      `bytes per message (one WebSocket frame, JSON included). Shorten it by ${numbers.format(size - FRAME_LIMIT_BYTES)} bytes.`);
    return;
  }
  const socket = chat.socket;
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    showError("Not connected: the message was not sent. It is still in the box; send it again once connected.");
    return;
  }
  socket.send(frame);
  chat.pending.set(clientMessageId, Date.now());
  el.input.value = "";
  fitInput();
  clearError();
}

// crypto.randomUUID needs a secure context (https, localhost, files); getRandomValues works everywhere.
function newMessageId() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function showError(text) {
  el.error.textContent = text;
}

function clearError() {
  el.error.textContent = "";
}

function fitInput() {
  el.input.style.height = "auto";
  el.input.style.height = `${el.input.scrollHeight}px`;
}

// ---- name -------------------------------------------------------------------------------------------------------

// The WebSocket URL with ?name= (percent-encoded; a space as %20), replacing a name already in the URL.
function namedUrl(url, name) {
  const withoutName = new URL(url);
  withoutName.searchParams.delete("name");
  const base = withoutName.href;
  return `${base}${withoutName.search ? "&" : "?"}name=${encodeURIComponent(name)}`;
}

function askForName() {
  el.nameForm.hidden = false;
  el.nameInput.value = chat.name;
  el.nameButton.textContent = chat.name ? "Save" : "Join";
  el.nameCancel.hidden = !chat.name;
  el.changeName.hidden = true;
  el.nameInput.focus();
}

function closeNameForm() {
  el.nameForm.hidden = true;
  el.nameError.textContent = "";
  el.changeName.hidden = false;
}

function useEnteredName(event) {
  event.preventDefault();
  const name = displayName.strip(el.nameInput.value);
  const problem = displayName.problem(name);
  if (problem) {
    el.nameError.textContent = problem;
    el.nameInput.focus();
    return;
  }
  closeNameForm();
  setName(name);
  el.input.focus();
}

// Takes a valid name; reconnects with it when the page is (or wants to be) connected.
function setName(name) {
  const changed = name !== chat.name;
  chat.name = name;
  renderName(name);
  store(NAME_KEY, name);
  if (!chat.url || !chat.wanted || (!changed && chat.socket)) return;
  closeSocket();
  chat.failures = 0;
  open();
}

function renderName(name) {
  el.ownName.textContent = name;
  el.ownName.title = name;
}

// A name from ?name= on the page's URL or remembered in this browser, if it passes the rule.
function initialName() {
  const fromQuery = new URLSearchParams(location.search).get("name");
  for (const raw of [fromQuery, recall(NAME_KEY)]) {
    if (raw === null || raw === "") continue;
    const name = displayName.strip(raw);
    if (!displayName.problem(name)) return name;
  }
  return "";
}

// ---- endpoint ---------------------------------------------------------------------------------------------------

function parseEndpoint(raw) {
  let url;
  try {
    url = new URL(String(raw).trim());
  } catch {
    return null;
  }
  return url.protocol === "ws:" || url.protocol === "wss:" ? url.href : null;
}

function remember(url) {
  store(STORAGE_KEY, url);
}

function remembered() {
  return recall(STORAGE_KEY) || "";
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage can be unavailable (private mode, some file:// pages); the page works without it.
  }
}

function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

// Where to connect, first match wins: ?url=..., the serving gateway's config.json, the last URL used in this browser.
async function initialUrl() {
  const fromQuery = new URLSearchParams(location.search).get("url");
  if (fromQuery) return fromQuery;
  if (location.protocol === "http:" || location.protocol === "https:") {
    try {
      const response = await fetch("config.json", { cache: "no-store" });
      if (response.ok) {
        const config = await response.json();
        if (typeof config.webSocketUrl === "string" && config.webSocketUrl) return config.webSocketUrl;
      }
    } catch {
      // No config.json on this host (a static host or a deployed page): fall through.
    }
  }
  return remembered();
}

function useEnteredUrl(event) {
  event.preventDefault();
  const raw = el.urlInput.value;
  if (!connectTo(raw)) return;
  const query = new URLSearchParams(location.search);
  query.set("url", chat.url);
  try {
    history.replaceState(null, "", `${location.pathname}?${query}`);
  } catch {
    // Some file:// pages refuse history changes; the URL is still remembered in localStorage.
  }
  el.endpointPanel.open = false;
  el.input.focus();
}

// ---- start ------------------------------------------------------------------------------------------------------

el.sendForm.addEventListener("submit", send);
el.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    el.sendForm.requestSubmit();
  }
});
el.input.addEventListener("input", () => {
  clearError();
  fitInput();
});
el.endpointForm.addEventListener("submit", useEnteredUrl);
el.nameForm.addEventListener("submit", useEnteredName);
el.nameInput.addEventListener("input", () => { el.nameError.textContent = ""; });
el.changeName.addEventListener("click", askForName);
el.nameCancel.addEventListener("click", closeNameForm);
el.nameForm.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && chat.name) closeNameForm();
});
el.connection.addEventListener("click", () => {
  if (chat.stateName === "disconnected") {
    connectTo(chat.url);
  } else {
    disconnect();
  }
});
el.retry.addEventListener("click", open);
window.addEventListener("online", () => {
  if (chat.stateName === "reconnecting") open();
});

(async () => {
  setState("disconnected");
  chat.name = initialName();
  if (chat.name) {
    renderName(chat.name);
    store(NAME_KEY, chat.name);
  } else {
    askForName();
  }
  const url = await initialUrl();
  if (url) {
    connectTo(url);
  } else {
    el.endpointPanel.open = true;
    showError("No endpoint yet: enter your API's WebSocket URL (the stack's WebSocketURI output) above.");
    if (chat.name) el.urlInput.focus();
  }
})();
