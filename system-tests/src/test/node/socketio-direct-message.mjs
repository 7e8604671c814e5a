// Alice and Bob talk through the gateway's /socket.io/ endpoint with the stock socket.io-client, configured the
// way an app would: io(url, { auth: { token }, transports: ["websocket"] }). Prints one JSON line with what the
// clients saw; exits 0 when the scenario ran to its end, 1 when a step failed, 2 on timeout.
//
// Environment: GATEWAY_URL, ALICE_ID, ALICE_TOKEN, BOB_ID, BOB_TOKEN, BAD_TOKEN, CLIENT_MESSAGE_ID, TIMEOUT_MS.
import { io } from "socket.io-client";

const settings = Object.fromEntries(
  ["GATEWAY_URL", "ALICE_ID", "ALICE_TOKEN", "BOB_ID", "BOB_TOKEN", "BAD_TOKEN", "CLIENT_MESSAGE_ID"]
    .map((name) => [name, process.env[name]]),
);
const timeoutMs = Number(process.env.TIMEOUT_MS ?? 20000);

const result = { connected: {}, ack: null, newDirectMessage: null, messageSent: null, badToken: null, error: null };
const sockets = [];
const deadline = setTimeout(() => finish(2, `timed out after ${timeoutMs} ms`), timeoutMs);

function finish(exitCode, error) {
  clearTimeout(deadline);
  result.error = error ?? null;
  sockets.forEach((socket) => socket.close());
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(exitCode);
}

function connect(token) {
  return new Promise((resolve, reject) => {
    const socket = io(settings.GATEWAY_URL, { auth: { token }, transports: ["websocket"] });
    sockets.push(socket);
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(error));
  });
}

function nextEvent(socket, event) {
  return new Promise((resolve) => socket.once(event, resolve));
}

async function run() {
  const missing = Object.entries(settings).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(`missing environment: ${missing.join(", ")}`);
  }
  const alice = await connect(settings.ALICE_TOKEN);
  result.connected.alice = alice.id;
  const bob = await connect(settings.BOB_TOKEN);
  result.connected.bob = bob.id;

  const delivered = nextEvent(bob, "new_direct_message");
  const sent = nextEvent(alice, "message_sent");
  result.ack = await new Promise((resolve) => alice.emit("send_direct_message", {
    receiverId: settings.BOB_ID,
    content: "hello from socket.io-client",
    type: "text",
    clientMessageId: settings.CLIENT_MESSAGE_ID,
  }, resolve));
  result.newDirectMessage = await delivered;
  result.messageSent = await sent;

  try {
    const intruder = await connect(settings.BAD_TOKEN);
    result.badToken = { connected: true, id: intruder.id };
  } catch (error) {
    result.badToken = { connected: false, message: error.message };
  }
}

run().then(() => finish(0), (error) => finish(1, String(error?.message ?? error)));
