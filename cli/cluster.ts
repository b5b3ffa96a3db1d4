/**
 * Cluster selection as the `solana` CLI does it (`-u, --url <URL or moniker>`), shared by the
 * `io` command and the oracle service, and the redaction of RPC URLs (which often carry an API
 * key in their path, query or user info) wherever they are shown.
 */
import { readFileSync } from "fs";
import { homedir } from "os";
import { join } from "path";

/** The `solana` CLI's monikers (also by their first letter: -um, -ud, -ut, -ul). */
export const CLUSTER_MONIKERS: Readonly<Record<string, string>> = {
  "mainnet-beta": "https://api.mainnet-beta.solana.com",
  devnet: "https://api.devnet.solana.com",
  testnet: "https://api.testnet.solana.com",
  // The solana CLI says http://localhost:8899; the IPv4 address avoids Node resolving ::1 first.
  localhost: "http://127.0.0.1:8899",
};

/** The `solana` CLI's config file (`solana config set` writes it). */
export function solanaConfigPath(home = homedir()): string {
  return join(home, ".config", "solana", "cli", "config.yml");
}

/**
 * The two keys of a `solana` CLI config file that matter here. The file is the flat YAML the
 * CLI writes (`key: value` lines, values optionally quoted); a missing file gives nothing.
 */
export function readSolanaConfig(path = solanaConfigPath()): { keypairPath?: string; jsonRpcUrl?: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return {};
  }
  const value = (key: string): string | undefined => {
    const m = new RegExp(`^${key}:[ \t]*(.*?)[ \t]*$`, "m").exec(text);
    if (!m || m[1] === "" || m[1] === "~") return undefined;
    const v = m[1];
    return (v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"')) ? v.slice(1, -1) : v;
  };
  return { keypairPath: value("keypair_path"), jsonRpcUrl: value("json_rpc_url") };
}

/**
 * The keypair used when a cluster is given without -k/--keypair, as the `solana` CLI chooses it:
 * the config file's keypair_path, else ~/.config/solana/id.json.
 */
export function defaultKeypairPath(home = homedir(), configPath = solanaConfigPath(home)): string {
  return readSolanaConfig(configPath).keypairPath ?? join(home, ".config", "solana", "id.json");
}

/** A moniker (or its first letter) or an http(s) URL, as an RPC URL; throws on anything else. */
export function clusterUrl(value: string): string {
  const byName = CLUSTER_MONIKERS[value] ?? Object.entries(CLUSTER_MONIKERS).find(([name]) => value.length === 1 && name[0] === value)?.[1];
  if (byName) return byName;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--url: not a URL nor a moniker (${Object.keys(CLUSTER_MONIKERS).join(", ")}, or their first letter): ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`--url: an http(s) URL, not ${url.protocol}`);
  return value;
}

/**
 * The URL without what may be secret: user info, path and query are replaced by "…" (an API key
 * may sit in any of them), leaving the scheme, host and port. Monikers' URLs are shown whole.
 */
export function redactUrl(value: string): string {
  if (Object.values(CLUSTER_MONIKERS).includes(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "[redacted]";
  }
  const hidden = url.username !== "" || url.password !== "" || url.pathname.length > 1 || url.search !== "" || url.hash !== "";
  return `${url.protocol}//${url.host}${hidden ? "/…" : ""}`;
}

/**
 * The strings to scrub from anything printed: the URL itself and its secret-bearing parts
 * (user info, each path segment and query value of 6 characters or more).
 */
export function urlSecrets(value: string): string[] {
  const secrets = new Set<string>([value]);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [...secrets];
  }
  const parts = [url.username, url.password, url.search.slice(1), url.hash.slice(1), ...url.pathname.split("/"), ...[...url.searchParams.values()]];
  for (const p of parts) if (p.length >= 6) secrets.add(p);
  // Longest first, so a part inside another is replaced after it.
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** Replaces every secret in `text` with "[redacted]". */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  return out;
}
