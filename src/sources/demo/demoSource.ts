import type { SourceOptions } from '../index.js';
import type { Source } from '../source.js';

// Placeholder while the source is being built.
export function createDemoSource(_options: SourceOptions): Source {
  return {
    name: 'demo',
    // eslint-disable-next-line require-yield
    async *batches() {
      throw new Error('the demo source is not built yet');
    },
  };
}
