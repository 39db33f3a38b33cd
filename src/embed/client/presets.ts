import { addDays } from '../../util/dates.js';

// The period filter's choices, shared by the page (which sends them) and the service (which warms their
// answers ahead of the first viewer): both must build the very same filters for a choice.

export interface PeriodPreset {
  id: string;
  label: string;
  /** The first day, from the report period's last; none: the report's own period. */
  from?: (to: string) => string;
}

export const periodPresets: readonly PeriodPreset[] = [
  { id: 'default', label: 'Report period' },
  { id: '7', label: 'Last 7 days', from: (to) => addDays(to, -6) },
  { id: '90', label: 'Last 90 days', from: (to) => addDays(to, -89) },
  { id: '365', label: 'Last 12 months', from: (to) => addDays(to, -364) },
];
