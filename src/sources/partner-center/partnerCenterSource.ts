import type { SourceOptions } from '../index.js';
import type { Source } from '../source.js';

// Placeholder while the source is being built.
export function createPartnerCenterSource(_options: SourceOptions): Source {
  return {
    name: 'partner-center',
    // eslint-disable-next-line require-yield
    async *batches() {
      throw new Error('the partner-center source is not built yet');
    },
  };
}
