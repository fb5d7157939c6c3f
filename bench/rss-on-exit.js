// Preloaded into a cold CLI run (node --require): reports the process's peak RSS.
process.on("exit", () => {
  if (process.env.PAVED_BENCH_RSS) require("node:fs").writeFileSync(process.env.PAVED_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
