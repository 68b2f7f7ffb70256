// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`): self time per function and
// per file, so "where the time goes" can be read without DevTools.
// Usage: node test/bench/profile-summary.ts bench/profiles/postgres-scenarios.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const at = url.indexOf('/work/main/');
  const path = at >= 0 ? url.slice(at + '/work/main/'.length) : url;
  return path.replace(/^file:\/\//, '') || '(native)';
}

function main(): void {
  const [path, topText] = process.argv.slice(2);
  if (!path) throw new Error('usage: profile-summary.ts PROFILE.cpuprofile [TOP]');
  const top = Number(topText ?? 25);
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const file = shortUrl(frame.url);
    const name = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const print = (title: string, map: Map<string, number>) => {
    process.stdout.write(`\n${title} (self time, total ${Math.round(total / 1000)} ms)\n`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(
        `${String(Math.round(us / 1000)).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}\n`,
      );
    }
  };
  print('by file', byFile);
  print('by function', byFunction);
}

main();
