// One contender of scripts/bench.sh: node-powershell 5.0.1 driving the same pwsh. Makes a number
// of warm calls of `1` on one shell and prints one JSON line with every sample in milliseconds.
//   node node-powershell.js <node prefix with node_modules> <pwsh> <calls> [warm-up calls]
// Run it with TERM=dumb: otherwise pwsh writes terminal escape codes around each prompt and
// node-powershell's delimiters can get stuck behind them.
'use strict';
const path = require('path');

async function main() {
  const [prefix, pwsh, callsText, warmText] = process.argv.slice(2);
  const calls = Number(callsText);
  const warm = Number(warmText || 200);
  const { PowerShell } = require(path.join(prefix, 'node_modules', 'node-powershell'));
  const shell = new PowerShell({
    executable: pwsh,
    executableOptions: { '-NoProfile': true },
    spawnOptions: { env: { ...process.env, TERM: 'dumb' } },
    invocationTimeout: 30000,
  });
  try {
    const callOne = async () => {
      const r = await shell.invoke('1');
      if (r.raw.trim() !== '1') {
        throw new Error(`'1' returned ${JSON.stringify(r.raw)}`);
      }
    };
    for (let i = 0; i < warm; i++) {
      await callOne();
    }
    const samples = [];
    for (let i = 0; i < calls; i++) {
      const t0 = process.hrtime.bigint();
      await callOne();
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const version = require(path.join(prefix, 'node_modules', 'node-powershell', 'package.json')).version;
    console.log(JSON.stringify({ client: `node-powershell ${version}, node ${process.version}`, calls, samples_ms: samples }));
  } finally {
    await shell.dispose();
  }
}

main().catch((e) => {
  console.log(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
  process.exit(1);
});
