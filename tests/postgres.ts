/**
 * A real PostgreSQL server for the tests (Debian's postgresql, installed by
 * `scripts/setup.sh --with-postgres`): a fresh cluster in a temp dir (initdb, trust auth), on
 * loopback at a free port, started and stopped with pg_ctl as the `postgres` user (PostgreSQL
 * refuses to run as root).
 */
import { execFileSync } from "child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import { join } from "path";

/** The newest installed PostgreSQL's bin directory. */
export function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error("PostgreSQL is not installed: scripts/setup.sh --with-postgres installs Debian's postgresql");
  return join(root, versions[0], "bin");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class LocalPostgres {
  private constructor(
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<LocalPostgres> {
    const bin = postgresBin();
    const dir = mkdtempSync(join(tmpdir(), "io-pg-"));
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    const asPostgres = (cmd: string, args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { stdio: "pipe", timeout: 60_000 });
    const data = join(dir, "data");
    asPostgres("initdb", ["-D", data, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--no-sync"]);
    const port = await freePort();
    asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
    return new LocalPostgres(dir, `postgres://postgres@127.0.0.1:${port}/postgres`);
  }

  async stop(): Promise<void> {
    try {
      execFileSync("runuser", ["-u", "postgres", "--", join(postgresBin(), "pg_ctl"), "-D", join(this.dir, "data"), "-m", "fast", "-w", "stop"], { stdio: "pipe", timeout: 60_000 });
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
