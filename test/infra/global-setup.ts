/**
 * Synthesizes the default stack once for the whole infra project, before any test file runs,
 * and hands the template and the cdk-nag report to the files through `inject` (read them with
 * `defaultStack()` from synth.ts). Synthesis is the slow part of these tests: done once here it
 * is outside every hook and test timeout, and the files stay isolated and run in parallel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type NagReport, nagReport } from './nag-report.ts';
import { testApp } from './test-app.ts';

export type SynthesizedStack = { template: Record<string, unknown>; nag: NagReport };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The default stack (no extra context values), synthesized once per run. */
    motcuaDefaultStack: SynthesizedStack;
  }
}

export default function setup(project: TestProject): () => void {
  const outdir = mkdtempSync(join(tmpdir(), 'motcua-infra-'));
  const removeOutdir = () => rmSync(outdir, { recursive: true, force: true });
  try {
    // With CDK's built-in CloudFormation validation, as `cdk synth` runs it (test-app.ts).
    const { app, stack } = testApp({}, { outdir, validate: true });
    const template = app.synth().getStackArtifact(stack.artifactId).template as Record<string, unknown>;
    project.provide('motcuaDefaultStack', { template, nag: nagReport(stack) });
  } catch (error) {
    removeOutdir();
    throw error;
  }
  return removeOutdir;
}
