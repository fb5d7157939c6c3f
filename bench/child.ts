// Measurements in a fresh process, so peak RSS belongs to this size alone:
//   node dist/bench/child.js scale <services>
// One warm-up plan (lazy provider modules, JIT), then the median of three.
import { record } from "../src/testing";
import { syntheticProgram } from "./synthetic";

async function main(): Promise<void> {
  const services = Number(process.argv[3] ?? "5");
  await record(syntheticProgram(5), { stack: "bench" });
  const times: number[] = [];
  let resources = 0;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const plan = await record(syntheticProgram(services), { stack: "bench" });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    resources = plan.all().length;
  }
  const ms = [...times].sort((a, b) => a - b)[1]!;
  process.stdout.write(JSON.stringify({ services, resources, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n");
}
void main();
