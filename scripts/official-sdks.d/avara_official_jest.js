// Jest setup (setupFilesAfterEnv) for the official TypeScript SDK's own
// tests against avara-fake, as avara_official.py is for Python: before each
// test it resets the fake (avara-fake -reset) to the world avara_world.py
// builds from the ids the test's code names.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const sources = new Map();

// testSource returns the code of the test named name in the file at p: from
// its test( line to the next test's.
function testSource(p, name) {
  if (!sources.has(p)) sources.set(p, fs.readFileSync(p, 'utf8'));
  const src = sources.get(p);
  const start = src.indexOf(`test('${name}'`);
  if (start < 0) return '';
  const next = src.indexOf('\n  test(', start + 1);
  return src.slice(start, next < 0 ? undefined : next);
}

beforeEach(async () => {
  const base = process.env['TEST_API_BASE_URL'];
  if (!base || !process.env['AVARA_FAKE_RESET']) return;
  const { currentTestName, testPath } = expect.getState();
  const name = currentTestName.replace(/^resource \S+ /, '');
  const info = JSON.parse(
    execFileSync(
      'python3',
      ['-c', 'import json,sys,avara_world as w; r,c,v=w.ts_test(sys.argv[1],sys.argv[2]); print(json.dumps([r,c]))', testPath, currentTestName],
      { env: { ...process.env, PYTHONPATH: __dirname } },
    ).toString(),
  );
  const seed = execFileSync('python3', [path.join(__dirname, 'avara_world.py'), 'world'], {
    input: JSON.stringify({ resource: info[0], call: info[1], src: testSource(testPath, name) }),
  });
  const res = await fetch(base.replace(/\/$/, '') + '/avara-fake/reset', { method: 'POST', body: seed });
  if (res.status !== 204) throw new Error(`avara-fake reset: ${res.status} ${await res.text()}`);
});
