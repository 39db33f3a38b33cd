import type { Localizer } from '../../locale/localizer.js';
import { addDays } from '../../util/dates.js';

// The period filter's choices, shared by the page (which sends them) and the service (which warms their
// answers ahead of the first viewer): both must build the very same filters for a choice.

export interface PeriodPreset {
  id: string;
  /** What the filter shows, in the page's locale. */
  label: (l: Localizer) => string;
  /** The first day, from the report period's last; none: the report's own period. */
  from?: (to: string) => string;
}

export const periodPresets: readonly PeriodPreset[] = [
  { id: 'default', label: (l) => l.t('ui.embed.preset.report') },
  { id: '7', label: (l) => l.t('ui.embed.preset.days', { days: 7 }), from: (to) => addDays(to, -6) },
  { id: '90', label: (l) => l.t('ui.embed.preset.days', { days: 90 }), from: (to) => addDays(to, -89) },
  { id: '365', label: (l) => l.t('ui.embed.preset.months', { months: 12 }), from: (to) => addDays(to, -364) },
];
