import { defineConfig } from 'vitest/config';

// Mutation testing runs the unit layer only: the domain and the use cases are unit-tested with
// in-memory ports, and the other layers need emulators or a synth, far too slow per mutant.
export default defineConfig({
  test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
});
