import http from 'node:http';

export interface OpenModelResult {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Open-model load: requests are *scheduled* at a constant arrival rate whatever the server does, and each latency is
 * measured from its scheduled time. A closed loop (N clients each waiting for its answer) slows down when the server
 * stalls and so hides the stall; this does not (no coordinated omission).
 */
export async function openModel(options: {
  url: string;
  rate: number;
  seconds: number;
  request: (i: number) => { method: string; path: string; headers: Record<string, string>; body?: string };
}): Promise<OpenModelResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / options.rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const spec = options.request(i);
    pending.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: spec.method,
            path: spec.path,
            headers: spec.headers,
            agent,
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - scheduled);
              if (res.statusCode && res.statusCode < 300) ok++;
              else failed++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          failed++;
          latencies.push(performance.now() - scheduled);
          resolve();
        });
        if (spec.body) req.write(spec.body);
        req.end();
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rate: options.rate,
    seconds: options.seconds,
    sent: total,
    ok,
    failed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    p999Ms: percentile(latencies, 99.9),
    maxMs: latencies.at(-1) ?? 0,
  };
}
