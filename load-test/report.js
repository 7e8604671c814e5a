'use strict';
// Turns a run-benchmarks.sh results folder (results.jsonl, machine.txt) into summary.md: tables of the suite's figures,
// the reference's, and their ratio (suite / reference), plus the targets of the issue, met or not.
//
//   node load-test/report.js RESULTS_DIR > RESULTS_DIR/summary.md
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const runs = fs.readFileSync(path.join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const machine = fs.existsSync(path.join(dir, 'machine.txt')) ? fs.readFileSync(path.join(dir, 'machine.txt'), 'utf8') : '';
const find = (tag, target) => runs.filter((r) => r.tag === tag && r.target === target).pop();

const num = (v, digits = 1) => (v === undefined || v === null || Number.isNaN(v) ? '–'
  : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(digits)) : String(v));
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? (a / b).toFixed(2) + '×' : '–');
const load = (r) => (r ? `${(r.loadBefore || [])[0]} → ${(r.loadAfter || [])[0]}` : '–');
const get = (o, p) => p.split('.').reduce((x, k) => (x === undefined || x === null ? undefined : x[k]), o);
const cpuMs = (r, name) => get(r, `cpu.components.${name}.cpuMsPerMessage`);
const cpuTotalMs = (r) => {
  const c = get(r, 'cpu.components');
  if (!c || !r.acked) return undefined;
  return Object.entries(c).filter(([k]) => k !== 'load-generator')
    .reduce((s, [, v]) => s + (v.cpuSeconds || 0), 0) * 1000 / r.acked;
};

const out = [];
const p = (s = '') => out.push(s);
const table = (title, rows, s, ref) => {
  p(`### ${title}`);
  p();
  for (const r of [s, ref]) {
    if (r && r.skipped) p(`The ${r.target}'s run was not made: ${r.reason} (${r.targetRate} msg/s).`);
  }
  if (s && s.skipped) s = undefined;
  if (ref && ref.skipped) ref = undefined;
  p();
  p('| figure | suite | reference | suite / reference |');
  p('|---|---:|---:|---:|');
  for (const [label, f, digits] of rows) {
    const a = s ? f(s) : undefined;
    const b = ref ? f(ref) : undefined;
    p(`| ${label} | ${num(a, digits)} | ${num(b, digits)} | ${ratio(a, b)} |`);
  }
  p(`| load average (1 min) before → after | ${load(s)} | ${load(ref)} | |`);
  p();
};
const single = (title, rows, r, target) => {
  p(`### ${title}`);
  p();
  if (!r) {
    p('Not run (see the ramp above).');
    p();
    return;
  }
  if (r && r.skipped) {
    p(`Not run: ${r.reason} (${r.targetRate} msg/s): an overload run would only leave a backlog of many minutes.`);
    p();
    if (target) p(`**Target**: NOT MET (the ramp above shows why).`);
    p();
    return;
  }
  p('| figure | value |');
  p('|---|---:|');
  for (const [label, f, digits] of rows) p(`| ${label} | ${num(r ? f(r) : undefined, digits)} |`);
  p(`| load average (1 min) before → after | ${load(r)} |`);
  if (target) p(`| **target** | ${target} |`);
  p();
};
const dmRows = [
  ['target rate (msg/s)', (r) => r.targetRate, 0],
  ['achieved (acked) rate (msg/s)', (r) => r.ackedRate],
  ['messages sent / acked', (r) => `${r.sent} / ${r.acked}`],
  ['latency p50 (ms)', (r) => get(r, 'latencyMs.p50')],
  ['latency p95 (ms)', (r) => get(r, 'latencyMs.p95')],
  ['latency p99 (ms)', (r) => get(r, 'latencyMs.p99')],
  ['latency max (ms)', (r) => get(r, 'latencyMs.max')],
  ['ack latency p99 (ms)', (r) => get(r, 'ackLatencyMs.p99')],
  ['send errors / unacked', (r) => `${r.sendErrors} / ${r.unacked}`],
  ['lost deliveries', (r) => r.lost],
  ['duplicates', (r) => r.duplicates],
  ['server CPU per message, all server processes (ms)', cpuTotalMs, 2],
  ['… of which gateway (suite) / node (reference) (ms)', (r) => cpuMs(r, 'gateway') ?? cpuMs(r, 'reference'), 2],
  ['machine busy during the run', (r) => get(r, 'cpu.machineBusy'), 2],
  ['disk: slowest synced 8 KB write / writes over 100 ms', (r) => (r.disk ? `${r.disk.maxMs} / ${r.disk.stalls}` : undefined), 0],
  ['clean', (r) => (r.clean ? 'yes' : 'no')],
];
const roomRows = [
  ['members', (r) => r.members],
  ...dmRows.slice(0, 2),
  ['deliveries per second', (r) => r.deliveriesPerSecond, 0],
  ['latency to the LAST member p50 (ms)', (r) => get(r, 'latencyMs.p50')],
  ['latency to the LAST member p99 (ms)', (r) => get(r, 'latencyMs.p99')],
  ['latency to the LAST member max (ms)', (r) => get(r, 'latencyMs.max')],
  ['per-delivery latency p99 (ms)', (r) => get(r, 'perDeliveryLatencyMs.p99')],
  ['send errors / unacked', (r) => `${r.sendErrors} / ${r.unacked}`],
  ['lost deliveries', (r) => r.lost],
  ['duplicates', (r) => r.duplicates],
  ['server CPU per message, all server processes (ms)', cpuTotalMs, 2],
  ['machine busy during the run', (r) => get(r, 'cpu.machineBusy'), 2],
  ['disk: slowest synced 8 KB write / writes over 100 ms', (r) => (r.disk ? `${r.disk.maxMs} / ${r.disk.stalls}` : undefined), 0],
  ['clean', (r) => (r.clean ? 'yes' : 'no')],
];
const rampRows = [
  ['highest clean rate (msg/s)', (r) => r.highestCleanRate, 0],
  ['first failing rate (msg/s)', (r) => r.firstFailingRate, 0],
  ['steps (void: failed while the disk stalled, redone)', (r) => r.steps.map((s) =>
    `${s.targetRate}:${s.voidedByDiskStall ? 'void' : s.clean ? 'ok' : 'x'}(p99 ${get(s, 'latencyMs.p99') ?? '–'}`
    + `${s.disk ? `, disk ${s.disk.maxMs}` : ''})`).join(' '), 0],
  ['disk: slowest synced 8 KB write during the ramp (ms)', (r) => get(r, 'disk.maxMs'), 0],
];

p(`# Benchmark results: ${path.basename(dir)}`);
p();
p('```');
p(machine.trim());
p('```');
p();
p('Ratios are suite / reference. For rates and connections higher is better; for latency, memory and CPU lower is better.');
p();

const dmRampS = find('dm-ramp', 'suite');
const dmRampR = find('dm-ramp', 'reference');
if (dmRampS || dmRampR) {
  p('## Direct messages (`dm`)');
  p();
  table('Ramp: highest clean rate (p99 ≤ 100 ms, nothing lost, duplicated or failed)', rampRows, dmRampS, dmRampR);
  table('Sustained: each side at its own highest clean rate', dmRows, find('dm-sustained', 'suite'), find('dm-sustained', 'reference'));
  table('Equal load: the suite at the reference\'s highest clean rate (reference column: its sustained run at that rate)', dmRows,
    find('dm-equal', 'suite'), find('dm-sustained', 'reference'));
  const t = find('dm-target', 'suite');
  single('Target run: the suite at 2× the reference\'s highest clean rate (Socket.IO)', dmRows, t,
    t && !t.skipped ? `≥ 2× reference, p99 < 100 ms, 0 lost, 0 duplicates over 60 s, 2,000 users: ${t.clean && t.seconds >= 59 && t.users >= 2000 ? 'MET' : 'NOT MET'}` : undefined);
  single('The suite over the native /ws protocol, at the rate its Socket.IO ramp found clean', dmRows, find('dm-sustained-ws', 'suite'));
}

const roomRampS = find('room-ramp', 'suite');
const roomRampR = find('room-ramp', 'reference');
if (roomRampS || roomRampR) {
  p('## Room messages (`room`)');
  p();
  table('Ramp: highest clean rate (p99 to the last member ≤ 100 ms, nothing lost)', rampRows, roomRampS, roomRampR);
  table('Sustained: each side at its own highest clean rate', roomRows, find('room-sustained', 'suite'), find('room-sustained', 'reference'));
  const t = find('room-target', 'suite');
  single('Target run: the suite at 2× the reference\'s highest clean rate', roomRows, t,
    t && !t.skipped ? `1,000 members at 2× reference, p99 < 100 ms to the last member: ${t.clean && t.members >= 1000 ? 'MET' : 'NOT MET'}` : undefined);
}

const idleS = find('idle', 'suite');
const idleR = find('idle', 'reference');
if (idleS || idleR) {
  p('## Idle connections (`idle`)');
  p();
  table('Authenticated Socket.IO sockets held with heartbeats', [
    ['sockets wanted', (r) => r.connections],
    ['authenticated', (r) => r.connected],
    ['still open after the hold', (r) => r.openAfterHold],
    ['hold (s)', (r) => r.holdSeconds],
    ['connect rate (sockets/s)', (r) => r.connectPerSecond, 0],
    ['server RSS before (MB)', (r) => get(r, 'memory.baseline.rssBytes') / 1e6],
    ['server RSS after the hold (MB)', (r) => get(r, 'memory.held.rssBytes') / 1e6],
    ['RSS per connection (bytes)', (r) => r.rssBytesPerConnection, 0],
    ['heap per connection after GC (bytes)', (r) => r.heapBytesPerConnection, 0],
    ['client processes', (r) => r.processes],
  ], idleS, idleR);
  if (idleS) {
    const ok = idleS.openAfterHold >= 19900 && idleS.rssBytesPerConnection > 0 && idleS.rssBytesPerConnection <= 10240;
    p(`**Target** (~19,900 authenticated Socket.IO sockets on one gateway at ≤ 10 KB RSS each): ${ok ? 'MET' : 'NOT MET'}`);
    p();
  }
}

const stormS = find('reconnect-storm', 'suite');
const stormR = find('reconnect-storm', 'reference');
const firstStormS = find('reconnect-storm-first', 'suite');
const firstStormR = find('reconnect-storm-first', 'reference');
if (stormS || stormR) {
  p('## Reconnect storm (`reconnect-storm`)');
  p();
  table('All clients drop at once and reconnect within the spread', [
    ['clients', (r) => r.clients],
    ['reconnect spread (s)', (r) => r.spreadSeconds],
    ['back (authenticated)', (r) => r.reconnected],
    ['gave up', (r) => r.gaveUp],
    ['time until all are back (s)', (r) => r.allBackSeconds, 2],
    ['drop → authenticated p50 (ms)', (r) => get(r, 'reconnectMs.p50')],
    ['drop → authenticated p99 (ms)', (r) => get(r, 'reconnectMs.p99')],
    ['failed connection attempts (retried)', (r) => r.failedAttempts],
    ['replay on reconnect (resume)', (r) => (r.resume ? 'yes' : 'no')],
    ['probe DMs sent / acked during the storm', (r) => `${get(r, 'probe.sent')} / ${get(r, 'probe.acked')}`],
    ['… delivered although sent while the receiver was away', (r) => get(r, 'probe.deliveredAfterReceiverWasOffline')],
    ['… lost (acked, never delivered)', (r) => get(r, 'probe.lost')],
    ['… of which the receiver was offline at send', (r) => get(r, 'probe.lostWhileReceiverOffline')],
    ['time until every client is back and caught up (s)', (r) => r.caughtUpSeconds, 2],
    ['duplicates', (r) => get(r, 'probe.duplicates')],
  ], stormS, stormR);
  if (firstStormS || firstStormR) {
    table('The first storm of the same clients on these processes (run just before the one above)', [
      ['time until all are back (s)', (r) => r.allBackSeconds, 2],
      ['time until every client is back and caught up (s)', (r) => r.caughtUpSeconds, 2],
      ['probe DMs sent / acked / lost', (r) => `${get(r, 'probe.sent')} / ${get(r, 'probe.acked')} / ${get(r, 'probe.lost')}`],
    ], firstStormS, firstStormR);
  }
  if (stormS) {
    // with resume on, a client counts once its replay was answered too
    const done = stormS.resume && stormS.caughtUpSeconds !== null ? stormS.caughtUpSeconds : stormS.allBackSeconds;
    const ok = stormS.clients >= 10000 && done !== null && done !== undefined && done < 10 && get(stormS, 'probe.lost') === 0;
    p(`**Target** (10,000 clients back and caught up in under 10 s, nothing lost): ${ok ? 'MET' : 'NOT MET'}`);
    p();
  }
}

process.stdout.write(out.join('\n') + '\n');
