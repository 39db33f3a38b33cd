import type { SourceOptions } from '../index.js';
import type { Source } from '../source.js';

// Placeholder while the source is being built.
export function createFilesSource(_options: SourceOptions): Source {
  return {
    name: 'files',
    // eslint-disable-next-line require-yield
    async *batches() {
      throw new Error('the files source is not built yet');
    },
  };
}
