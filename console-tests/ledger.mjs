// Starts the real command side and query side from their built jars as child processes, on free ports and a
// fresh data directory, and talks to the command side as a lending front-end and ops would.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export const TOKENS = { lender: 'lender-dev-token', ops: 'ops-dev-token', auditor: 'auditor-dev-token' };

function jar(module) {
  const dir = path.join(ROOT, module, 'target');
  const found = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((name) => name.startsWith(`${module}-`) && name.endsWith('.jar')) : [];
  if (found.length !== 1) {
    throw new Error(`no ${module} jar in ${dir}: build the services first (./ledger build or mvn package)`);
  }
  return path.join(dir, found[0]);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) {
        return;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => { setTimeout(resolve, 250); });
  }
  throw new Error(`${what} within ${timeoutMs} ms${last ? `: ${last.message}` : ''}`);
}

class Service {
  constructor(name, jarPath, port, args, logFile) {
    this.name = name;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    const log = fs.openSync(logFile, 'w');
    const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    this.process = spawn(java, ['-Xmx384m', '-XX:TieredStopAtLevel=1', '-jar', jarPath, `--server.port=${port}`, ...args], {
      stdio: ['ignore', log, log],
      env: { ...process.env, AXONIQ_UPDATE_CHECKER_DISABLED: 'true' },
    });
    this.exited = new Promise((resolve) => { this.process.on('exit', resolve); });
  }

  async healthy() {
    await waitUntil(async () => {
      if (this.process.exitCode !== null) {
        throw new Error(`${this.name} exited with ${this.process.exitCode}`);
      }
      return (await fetch(`${this.url}/actuator/health`)).ok;
    }, `${this.name} did not become healthy`, 120_000);
  }

  async stop() {
    if (this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 20_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

export class Ledger {
  static async start(artefacts) {
    const ledger = new Ledger();
    ledger.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-console-'));
    const [commandPort, queryPort] = [await freePort(), await freePort()];
    const dataDir = `--ledger.data-dir=${ledger.dataDir}`;
    // The command side first: it creates the event store file the query side then follows.
    ledger.command = new Service('command side', jar('command-side'), commandPort, [dataDir,
      `--ledger.security.cors.allowed-origins=http://127.0.0.1:${queryPort}`,
      // Appeals fall overdue within the test, so the queue's overdue mark can be seen.
      '--ledger.limits.appeal-service-level=2s'], path.join(artefacts, 'command-side.log'));
    try {
      await ledger.command.healthy();
      ledger.query = new Service('query side', jar('query-side'), queryPort, [dataDir,
        `--ledger.console.command-url=http://127.0.0.1:${commandPort}`], path.join(artefacts, 'query-side.log'));
      await ledger.query.healthy();
    } catch (error) {
      await ledger.stop();
      throw error;
    }
    return ledger;
  }

  get consoleUrl() {
    return `${this.query.url}/console/`;
  }

  /** A command as the given caller with a fresh idempotency key; fails unless it succeeds. */
  async send(caller, method, apiPath, body) {
    const response = await fetch(`${this.command.url}${apiPath}`, {
      method,
      headers: { Authorization: `Bearer ${TOKENS[caller]}`, 'Content-Type': 'application/json',
        Accept: 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${apiPath} answered ${response.status}: ${text}`);
    }
    return JSON.parse(text);
  }

  async read(caller, apiPath) {
    const response = await fetch(`${this.query.url}${apiPath}`, {
      headers: { Authorization: `Bearer ${TOKENS[caller]}`, Accept: 'application/json' },
    });
    if (!response.ok) {
      throw new Error(`GET ${apiPath} answered ${response.status}: ${await response.text()}`);
    }
    return response.json();
  }

  waitUntil(check, what, timeoutMs = 20_000) {
    return waitUntil(check, what, timeoutMs);
  }

  async stop() {
    // The query side first: it reads the command side's store through H2's automatic server.
    await this.query?.stop();
    await this.command?.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
