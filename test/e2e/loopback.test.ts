/**
 * `npm start` listens on 127.0.0.1 only: the emulators accept any credentials, so a port open to
 * another address is an open database. 127.0.0.2 is loopback on Linux too, but not the address
 * bound: a connection refused there shows that a caller from any other address is refused,
 * without sending anything off the machine.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { describe, expect, inject, it } from 'vitest';

type Outcome = 'connected' | 'refused' | `failed: ${string}`;

/** Opens a TCP connection and closes it at once. */
function connect(host: string, port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 5_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('failed: timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : `failed: ${error.code ?? error.message}`),
    );
  });
}

const portOf = (url: string) => Number(new URL(url).port);

const LISTENERS = [
  ['the API', inject('e2eBaseUrl')],
  ['DynamoDB Local', inject('e2eDynamoDbEndpoint')],
  ['fauxqs (SQS + S3)', inject('e2eSqsEndpoint')],
] as const;

// ---------------------------------------------------------------------------------------------
// What the runtime's processes listen on, from /proc (Linux): catches a port nobody named here.

const TCP_LISTEN = '0A';

/** `0100007F:0BB8` (tcp) or 32 hex digits + port (tcp6), each 32-bit word in host (little-endian) order. */
function decodeAddress(hex: string): { address: string; port: number } {
  const [ip = '', port = ''] = hex.split(':');
  const bytes = (ip.match(/.{8}/g) ?? []).flatMap((word) => Buffer.from(word, 'hex').reverse().toJSON().data);
  const v4 = (b: number[]) => b.join('.');
  let address: string;
  if (bytes.length === 4) address = v4(bytes);
  else if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    address = v4(bytes.slice(12)); // IPv4-mapped: what a JVM shows for an IPv4 bind
  else
    address = Buffer.from(bytes)
      .toString('hex')
      .replace(/(.{4})(?!$)/g, '$1:');
  return { address, port: Number.parseInt(port, 16) };
}

/** The TCP sockets in LISTEN state held by the processes of process group `pgid`. */
async function listeningSockets(pgid: number): Promise<{ address: string; port: number }[]> {
  const pids: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // After the command name in parentheses: state, ppid, pgrp.
    const pgrp = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2];
    if (pgrp === String(pgid)) pids.push(pid);
  }
  const inodes = new Set<string>();
  for (const pid of pids) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  }
  const sockets: { address: string; port: number }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (local && state === TCP_LISTEN && inode && inodes.has(inode)) sockets.push(decodeAddress(local));
    }
  }
  return sockets;
}

// ---------------------------------------------------------------------------------------------

describe('the local runtime listens on 127.0.0.1 only', () => {
  for (const [name, url] of LISTENERS) {
    it(`${name}: a connection to 127.0.0.1 succeeds, one to 127.0.0.2 is refused`, async () => {
      const port = portOf(url);
      expect(await connect('127.0.0.1', port)).toBe('connected');
      expect(await connect('127.0.0.2', port)).toBe('refused');
    });
  }

  it('every socket its processes listen on is bound to 127.0.0.1 (Linux /proc)', async () => {
    const sockets = await listeningSockets(inject('e2eRuntimePid'));
    // The three named ports are among them: the /proc reading itself works.
    expect(sockets.map((s) => s.port)).toEqual(
      expect.arrayContaining(LISTENERS.map(([, url]) => portOf(url))),
    );
    expect(sockets.filter((s) => s.address !== '127.0.0.1')).toEqual([]);
  });
});
