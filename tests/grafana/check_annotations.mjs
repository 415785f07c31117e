// Checks what the recorder received from `obsctl run ... --grafana` against Grafana's
// documented request schema (PostAnnotationsCmd, tests/data/grafana/) with ajv, and against the
// run's JSON report: one region per phase at its times, a point when each expected alert fired
// and resolved at the verifier's times, the verdict last; every one tagged obsctl + scenario,
// sent with the token as a Bearer credential.
//   node check_annotations.mjs SCHEMA.json RECORD.jsonl REPORT.json TOKEN
import fs from 'node:fs';
import Ajv from 'ajv';

const [schemaFile, recordFile, reportFile, token] = process.argv.slice(2);
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(schemaFile)));
const received = fs.readFileSync(recordFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const report = JSON.parse(fs.readFileSync(reportFile));
const problems = [];
const expect = (ok, what) => { if (!ok) problems.push(what); };

const bodies = [];
for (const r of received) {
  expect(r.method === 'POST' && r.path === '/api/annotations', `request ${r.method} ${r.path}`);
  expect(r.authorization === `Bearer ${token}`, `Authorization: ${r.authorization}`);
  expect((r.contentType ?? '').startsWith('application/json'), `Content-Type: ${r.contentType}`);
  const body = JSON.parse(r.body);
  if (!validate(body)) problems.push(`schema: ${JSON.stringify(body)}: ${JSON.stringify(validate.errors)}`);
  expect(body.tags.includes('obsctl') && body.tags.includes(report.scenario), `tags ${body.tags}`);
  bodies.push(body);
}
const started = Date.parse(report.started);
const phases = bodies.filter((b) => b.tags.includes('phase'));
expect(phases.length === report.phases.length, `${phases.length} phase annotations`);
report.phases.forEach((p, i) => {
  const a = phases[i] ?? {};
  expect(a.time === started + Math.round(p.start_seconds * 1000), `phase ${p.name} time ${a.time}`);
  expect(a.timeEnd === started + Math.round(p.end_seconds * 1000), `phase ${p.name} timeEnd ${a.timeEnd}`);
  expect((a.text ?? '').includes(p.name), `phase text ${a.text}`);
});
for (const alert of report.verification.alerts) {
  for (const s of alert.states.filter((x) => x.state === 'firing' || x.state === 'resolved')) {
    const a = bodies.find((b) => b.tags.includes(alert.alert) && b.text.startsWith(`${alert.alert} ${s.state}`));
    expect(a && a.time === started + s.at_ms, `${alert.alert} ${s.state} at ${a?.time}, report ${started + s.at_ms}`);
  }
}
const verdict = bodies[bodies.length - 1] ?? { tags: [] };
expect(verdict.tags.includes('verdict') && verdict.tags.includes(report.passed ? 'passed' : 'failed'),
  `verdict ${JSON.stringify(verdict)}`);
expect(bodies.every((b) => b.time >= started - 1 && b.time <= verdict.time), 'times within the run');
console.log(`${bodies.length} annotations: ${bodies.map((b) => b.text).join(' | ')}`);
for (const p of problems) console.log(`problem: ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
