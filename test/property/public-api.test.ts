/**
 * Property: any app built from the public API either raises a validation error (rule code, construct path
 * once, a fix) or synthesizes deterministic YAML that is valid against the schemas with nothing pruned, has no
 * credential literal and no name the operator would derive beyond Kubernetes' limits. Never a TypeError,
 * RangeError, constructs or cdk8s error.
 *
 * 1000 apps in the normal run; more with PROPERTY_RUNS=<n> (and PROPERTY_SEED=<n> to replay a failure).
 */
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { Errors } from '../../src';
import { appSpec, buildApp } from '../support/arbitraries';
import { credentialLiterals } from '../support/credentials';
import { schemaErrors } from '../support/schema';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const SEED = process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : 20261122;

/** Names the operator derives from a postgresql, with Kubernetes' limits (independent of the library's budget). */
function derivedNameErrors(pg: any): string[] {
  const c: string = pg.metadata.name;
  const errors: string[] = [];
  const fits = (name: string, why: string) => {
    if (name.length > 63) errors.push(`${name} (${why}) is longer than 63`);
  };
  fits(`${c}-0123456789`, 'StatefulSet controller-revision-hash label');
  fits(`${c}-repl`, 'replica Service');
  if (pg.spec.enableConnectionPooler) fits(`${c}-pooler-u`, 'primary pooler Secret volume');
  if (pg.spec.enableReplicaConnectionPooler) fits(`${c}-pooler-repl-u`, 'replica pooler Secret volume');
  for (const s of [pg.spec.tls?.secretName, pg.spec.tls?.caSecretName]) {
    if (s !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s)) errors.push(`TLS Secret ${s} is not a volume name`);
  }
  return errors;
}

describe('the public API under random apps', () => {
  test(`${RUNS} apps: a validation error, or valid deterministic YAML`, () => {
    let synthesized = 0;
    let rejected = 0;
    let drills = 0;
    let policies = 0;
    const rules = new Set<string>();
    fc.assert(fc.property(appSpec, (spec) => {
      let text: string;
      try {
        text = buildApp(spec).synthYaml();
      } catch (e) {
        // only validation errors may escape, in the documented format
        if (!Errors.isValidationError(e)) throw e;
        const message = (e as Error).message;
        const code = Errors.ruleCode(message);
        expect(code).toMatch(/^ZPG-/);
        expect(message).toMatch(/^ZPG-[A-Z0-9-]+ \[[^\]]+\] \S/);
        expect(message).toMatch(/Fix: \S/);
        rules.add(code!);
        rejected++;
        return;
      }
      // deterministic: the same spec synthesizes the same bytes again
      expect(buildApp(spec).synthYaml()).toEqual(text);
      const objects = yaml.loadAll(text).filter((o) => o) as any[];
      // a drill's clone is applied by its CronJob, not by GitOps: its manifest (in the drill's ConfigMap) too
      const clones = objects.filter((o) => o.kind === 'ConfigMap' && o.data?.['clone.json'])
        .map((o) => JSON.parse(o.data['clone.json'].replace('1970-01-01T00:00:00+00:00', '2026-04-11T14:30:00+00:00')));
      objects.push(...clones);
      drills += clones.length;
      policies += objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy').length;
      const problems = objects.flatMap((o) => schemaErrors(o).map((x) => `${o.kind} ${o.metadata?.name}: ${x}`));
      for (const pg of objects.filter((o) => o.kind === 'postgresql')) problems.push(...derivedNameErrors(pg));
      problems.push(...credentialLiterals(objects));
      expect(problems).toEqual([]);
      synthesized++;
    }), { numRuns: RUNS, seed: SEED });
    // the generators reach both outcomes, and many different rules (each add-on brings invalid values and rules of
    // its own, so about one app in ten synthesizes: 99 of 1000 with the default seed)
    expect(synthesized).toBeGreaterThan(RUNS / 15);
    expect(rejected).toBeGreaterThan(RUNS / 10);
    expect(rules.size).toBeGreaterThan(20);
    expect(drills).toBeGreaterThan(RUNS / 200);
    expect(policies).toBeGreaterThan(RUNS / 500);
  });
});
