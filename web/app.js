"use strict";

// The browser chat client. Wire protocol: send {"action":"sendMessage","data":"<text>"}; every connected client,
// this one included, receives <text> as a bare text frame. JSON objects with "type":"error" are notices from the
// handlers, and {"message","connectionId","requestId"} objects are API Gateway's own notices (Forbidden,
// Internal server error). Everything from the network is rendered with textContent, never as HTML.

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
};

const utf8 = new TextEncoder();
const numbers = new Intl.NumberFormat("en-US");

const chat = {
  url: "",
  socket: null,
  wanted: false,   // the user wants a connection: closes lead to a reconnect
  failures: 0,     // consecutive attempts without an open connection; drives the backoff
  reconnectAt: 0,
  timers: { reconnect: 0, countdown: 0, connect: 0 },
  pending: [],     // {text, sentAt} sent by this page and not yet echoed back
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
  setState("connecting");
  let socket;
  try {
    socket = new WebSocket(chat.url);
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
  if (takePending(data)) {
    addMessage(data, true);
    return;
  }
  const notice = parseNotice(data);
  if (notice) {
    addNotice(notice.source, notice.text);
  } else {
    addMessage(data, false);
  }
}

// Handler notices: {"type":"error","code":"...","message":"..."}; API Gateway's own:
// {"message":"Forbidden","connectionId":"...","requestId":"..."}. Any other text, JSON or not, is a chat message.
function parseNotice(text) {
  if (!text.startsWith("{")) return null;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== "object" || typeof value.message !== "string") return null;
  if (value.type === "error") {
    return { source: typeof value.code === "string" ? value.code : "Error", text: value.message };
  }
  if ("connectionId" in value || "requestId" in value) {
    const request = typeof value.requestId === "string" ? ` (request ${value.requestId})` : "";
    return { source: "API Gateway", text: `${value.message}${request}` };
  }
  return null;
}

function takePending(text) {
  const now = Date.now();
  chat.pending = chat.pending.filter((entry) => now - entry.sentAt < PENDING_TTL_MS);
  const index = chat.pending.findIndex((entry) => entry.text === text);
  if (index < 0) return false;
  chat.pending.splice(index, 1);
  return true;
}

function addMessage(text, own) {
  const list = el.messages;
  const stickToBottom = own || list.scrollHeight - list.scrollTop - list.clientHeight < 80;

  const item = document.createElement("li");
  item.className = own ? "message own" : "message";
  item.dataset.testid = "message";
  item.dataset.own = String(own);

  const meta = document.createElement("div");
  meta.className = "meta";
  const author = document.createElement("span");
  author.className = "author";
  author.textContent = own ? "You" : "Someone";
  meta.append(author, " ", timeElement(new Date()));

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
  const frame = JSON.stringify({ action: "sendMessage", data: text });
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
  chat.pending.push({ text, sentAt: Date.now() });
  el.input.value = "";
  fitInput();
  clearError();
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
  try {
    localStorage.setItem(STORAGE_KEY, url);
  } catch {
    // Storage can be unavailable (private mode, some file:// pages); the page works without it.
  }
}

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY) || "";
  } catch {
    return "";
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
  const url = await initialUrl();
  if (url) {
    connectTo(url);
  } else {
    el.endpointPanel.open = true;
    showError("No endpoint yet: enter your API's WebSocket URL (the stack's WebSocketURI output) above.");
    el.urlInput.focus();
  }
})();
