'use strict';
// Loaded with `node --require` into a child the fault suite measures: writes the child's peak RSS in
// kilobytes to the file named by the environment when it exits. VmHWM of /proc/self/status counts
// this process image only; process.resourceUsage().maxRSS (the fallback off Linux) also counts the
// parent's RSS at fork time, which a big test runner would dominate.
const { readFileSync, writeFileSync } = require('node:fs');

const target = process.env.FAULT_SUITE_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    let kb;
    try {
      kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
    } catch {
      kb = process.resourceUsage().maxRSS;
    }
    writeFileSync(target, String(kb));
  });
}
