'use strict';
// The reference to beat: what the original app did for the same events, on Socket.IO 4.8 and PostgreSQL.
//
//   send_direct_message {receiverId, content, type, clientMessageId?}  -> INSERT, emit new_direct_message to
//                                                                         the receiver's sockets, ack {ok, message}
//   join / join_room {roomId}                                          -> socket joins the room, ack {ok, roomId}
//   send_room_message {roomId, content, type, clientMessageId?}        -> INSERT, emit new_room_message to the
//                                                                         room's other sockets, ack {ok, message}
//
// Auth: the handshake's auth.token, an RS256 JWT checked with the dev public key (user = sub).
// One process, one event loop, a pg pool: as the original app ran. Not a product: a yardstick.
//
// Env: PORT (8090), HOST (127.0.0.1), PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE (127.0.0.1/5432/reference/
//      reference/reference_db), PG_POOL (10), JWT_PUBLIC_KEY (../../deploy/local/dev-keys/public.pem),
//      JWT_ISSUER (https://chat.local/dev).
// GET /health -> 200 once the table exists; GET /stats[?gc=1] -> memory and socket counts (gc needs --expose-gc).

const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { Server } = require('socket.io');
const { Pool } = require('pg');
const jwt = require('jsonwebtoken');

const PORT = Number(process.env.PORT || 8090);
const HOST = process.env.HOST || '127.0.0.1';
const ISSUER = process.env.JWT_ISSUER || 'https://chat.local/dev';
const PUBLIC_KEY = fs.readFileSync(process.env.JWT_PUBLIC_KEY
  || path.join(__dirname, '..', '..', 'deploy', 'local', 'dev-keys', 'public.pem'));

const pool = new Pool({
  host: process.env.PGHOST || '127.0.0.1',
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || 'reference',
  password: process.env.PGPASSWORD || 'reference',
  database: process.env.PGDATABASE || 'reference_db',
  max: Number(process.env.PG_POOL || 10),
});

const TYPES = new Set(['text', 'emoji', 'image', 'file']);
let ready = false;

function invalid(message) {
  return { ok: false, error: { code: 'validation', message } };
}

function validate(data, targetField) {
  if (data === null || typeof data !== 'object') return 'data must be an object';
  const target = data[targetField];
  if (typeof target !== 'string' || target.length < 1 || target.length > 128) return `${targetField} is required`;
  if (typeof data.content !== 'string' || data.content.length < 1 || data.content.length > 4000) return 'content must be 1..4000 characters';
  if (data.type !== undefined && !TYPES.has(data.type)) return 'unknown type';
  if (data.clientMessageId !== undefined && (typeof data.clientMessageId !== 'string' || data.clientMessageId.length > 128)) return 'bad clientMessageId';
  return null;
}

async function store(message) {
  await pool.query(
    'INSERT INTO messages (id, client_message_id, conversation_id, sender_id, receiver_id, room_id, content, type, created_at)'
    + ' VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [message.id, message.clientMessageId || null, message.conversationId, message.senderId, message.receiverId || null,
      message.roomId || null, message.content, message.type, message.createdAt]);
}

function reply(ack, payload) {
  if (typeof ack === 'function') ack(payload);
}

const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') {
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ready }));
  } else if (url.pathname === '/stats') {
    if (url.searchParams.get('gc') === '1' && typeof global.gc === 'function') global.gc();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ pid: process.pid, memory: process.memoryUsage(), sockets: io.engine.clientsCount }));
  } else if (!url.pathname.startsWith('/socket.io')) {
    res.writeHead(404);
    res.end();
  }
});

const io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
  pingInterval: 25000,
  pingTimeout: 20000,
  maxHttpBufferSize: 65536,
});

io.use((socket, next) => {
  const token = socket.handshake.auth && socket.handshake.auth.token;
  jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], issuer: ISSUER }, (err, claims) => {
    if (err || !claims || !claims.sub) return next(new Error('unauthorized'));
    socket.data.userId = claims.sub;
    next();
  });
});

io.on('connection', (socket) => {
  const userId = socket.data.userId;
  socket.join('user:' + userId);

  socket.on('send_direct_message', async (data, ack) => {
    const fault = validate(data, 'receiverId');
    if (fault) return reply(ack, invalid(fault));
    const pair = [userId, data.receiverId].sort();
    const message = {
      id: crypto.randomUUID(),
      clientMessageId: data.clientMessageId,
      conversationId: 'd-' + pair[0] + ':' + pair[1],
      senderId: userId,
      receiverId: data.receiverId,
      content: data.content,
      type: data.type || 'text',
      status: 'sent',
      createdAt: new Date().toISOString(),
    };
    try {
      await store(message);
    } catch (e) {
      return reply(ack, { ok: false, error: { code: 'internal', message: e.message } });
    }
    io.to('user:' + data.receiverId).emit('new_direct_message', message);
    reply(ack, { ok: true, message });
  });

  const join = (data, ack) => {
    if (!data || typeof data.roomId !== 'string' || !data.roomId) return reply(ack, invalid('roomId is required'));
    socket.join('room:' + data.roomId);
    reply(ack, { ok: true, roomId: data.roomId });
  };
  socket.on('join', join);
  socket.on('join_room', join);

  socket.on('send_room_message', async (data, ack) => {
    const fault = validate(data, 'roomId');
    if (fault) return reply(ack, invalid(fault));
    const message = {
      id: crypto.randomUUID(),
      clientMessageId: data.clientMessageId,
      conversationId: 'r-' + data.roomId,
      senderId: userId,
      roomId: data.roomId,
      content: data.content,
      type: data.type || 'text',
      status: 'sent',
      createdAt: new Date().toISOString(),
    };
    try {
      await store(message);
    } catch (e) {
      return reply(ack, { ok: false, error: { code: 'internal', message: e.message } });
    }
    socket.to('room:' + data.roomId).emit('new_room_message', message);
    reply(ack, { ok: true, message });
  });
});

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS messages (
      id uuid PRIMARY KEY,
      client_message_id text,
      conversation_id text NOT NULL,
      sender_id text NOT NULL,
      receiver_id text,
      room_id text,
      content text NOT NULL,
      type text NOT NULL,
      created_at timestamptz NOT NULL)`);
  await pool.query('CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation_id, created_at)');
  httpServer.listen(PORT, HOST, () => {
    ready = true;
    console.log(`reference server on http://${HOST}:${PORT} (pid ${process.pid})`);
  });
}

function shutdown() {
  io.close();
  pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

main().catch((e) => {
  console.error('reference server failed to start:', e);
  process.exit(1);
});
