import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { buildTestApp, signIn, type TestApp } from './_support/app';
import { openTestDatabase, type TestDatabase } from './_support/databases';

/*
 * deploy/alerts.yml is valid, covers every alert issue #11 asks for, and each expression
 * names only metrics a real server exports (scraped from /metrics), so a renamed metric
 * cannot silently turn an alert off.
 */

const ALERTS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../deploy/alerts.yml',
);

const RuleSchema = z.strictObject({
  alert: z.string().regex(/^Casike[A-Za-z0-9]+$/),
  expr: z.string().min(1),
  for: z.string().regex(/^\d+[smh]$/),
  labels: z.object({ severity: z.enum(['page', 'ticket']) }),
  annotations: z.object({ summary: z.string().min(10) }),
});
const FileSchema = z.strictObject({
  groups: z.array(z.strictObject({ name: z.string(), rules: z.array(RuleSchema).min(1) })).min(1),
});

/** PromQL words that are not metric names. */
const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'by',
  'without',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'clamp_min',
  'clamp_max',
  'absent',
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'topk',
  'bottomk',
]);
/** Series Prometheus makes itself for every scrape target. */
const PROMETHEUS_SERIES = new Set(['up']);

/** The metric names an expression reads. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '') // grouping labels
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\b\d+(\.\d+)?(e-?\d+)?\b/g, ''); // numbers
  const words = stripped.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? [];
  return [...new Set(words.filter((w) => !PROMQL_WORDS.has(w)))];
}

describe('deploy/alerts.yml', () => {
  let tdb: TestDatabase;
  let t: TestApp;
  let exported: Set<string>;
  beforeAll(async () => {
    tdb = await openTestDatabase('pglite');
    t = await buildTestApp(tdb.db);
    await signIn(t); // some traffic, so request histograms have series
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    exported = new Set<string>();
    for (const m of text.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
      const [, name = '', type] = m;
      exported.add(name);
      if (type === 'histogram')
        for (const s of ['_bucket', '_count', '_sum']) exported.add(name + s);
      if (type === 'summary') for (const s of ['_count', '_sum']) exported.add(name + s);
    }
  });
  afterAll(async () => {
    await t.app.close();
    await tdb.close();
  });

  const file = () => FileSchema.parse(parse(fs.readFileSync(ALERTS_FILE, 'utf8')));

  it('parses and every rule is complete', () => {
    expect(file().groups.flatMap((g) => g.rules).length).toBeGreaterThanOrEqual(7);
  });

  it('covers error rate, p99 latency, failed sign-ins, rate limits, token reuse, webhooks and /readyz', () => {
    const exprs = file()
      .groups.flatMap((g) => g.rules.map((r) => r.expr))
      .join('\n');
    for (const needed of [
      /casike_http_request_duration_seconds_count\{status=~"5\.\."\}/,
      /histogram_quantile\(0\.99/,
      /casike_sign_ins_total\{result="failure"\}/,
      /casike_rate_limit_hits_total/,
      /casike_refresh_token_reuse_total/,
      /casike_webhook_verification_failures_total/,
      /casike_ready\b/,
    ])
      expect(exprs).toMatch(needed);
  });

  it('names only metrics the server exports', () => {
    for (const rule of file().groups.flatMap((g) => g.rules)) {
      const names = metricNames(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) {
        expect(exported.has(name) || PROMETHEUS_SERIES.has(name), `${rule.alert}: ${name}`).toBe(
          true,
        );
      }
    }
  });

  it('the checker itself catches an unknown metric', () => {
    const names = metricNames('sum(rate(casike_made_up_total{a="b"}[5m])) by (x) > 3');
    expect(names).toEqual(['casike_made_up_total']);
    expect(names.every((n) => exported.has(n))).toBe(false);
  });
});
