/** The intake tests' HTTP client: one POST of a JSON text to the service on loopback. */
import { request } from "http";

/** POSTs `text` to `path` on 127.0.0.1:`port`; the status and the parsed answer ({} when empty). */
export function postJson(port: number, path: string, text: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) } }, (res) => {
      let data = "";
      res.on("data", (d: Buffer) => (data += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data ? (JSON.parse(data) as Record<string, unknown>) : {} }));
    });
    req.on("error", reject);
    req.end(text);
  });
}
