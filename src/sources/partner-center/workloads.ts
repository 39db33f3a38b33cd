// Partner Center's usage analytics name workloads by code (EXO, SPO, ODB, …) and by display name; the
// usage model knows six. OneDrive counts as SharePoint (the model's `sharepoint` includes OneDrive).

export const workloads = ['exchange', 'sharepoint', 'teams', 'yammer', 'skype', 'office-apps'] as const;
export type Workload = (typeof workloads)[number];

const byCode: Readonly<Record<string, Workload>> = {
  EXO: 'exchange',
  EXCHANGE: 'exchange',
  SPO: 'sharepoint',
  SHAREPOINT: 'sharepoint',
  ODB: 'sharepoint',
  ONEDRIVE: 'sharepoint',
  TEAMS: 'teams',
  TEAM: 'teams',
  MSTEAMS: 'teams',
  YAM: 'yammer',
  YAMMER: 'yammer',
  VIVAENGAGE: 'yammer',
  SFB: 'skype',
  SKYPE: 'skype',
  LYO: 'skype',
  OFFICE: 'office-apps',
  OPP: 'office-apps',
  PROPLUS: 'office-apps',
  OFFICEAPPS: 'office-apps',
  M365APPS: 'office-apps',
};

// Checked in order: "Microsoft 365 Apps" must not be read as anything but office-apps, "OneDrive" before the rest.
const byName: readonly [RegExp, Workload][] = [
  [/one\s*drive|sharepoint/i, 'sharepoint'],
  [/exchange|outlook|mailbox/i, 'exchange'],
  [/teams/i, 'teams'],
  [/yammer|viva engage/i, 'yammer'],
  [/skype|lync/i, 'skype'],
  [/office|pro\s*plus|365 apps|word|excel|powerpoint/i, 'office-apps'],
];

/** The model's workload for an analytics row, or null when it is none of the six. */
export function workloadOf({ workloadCode, workloadName }: { workloadCode?: string | null; workloadName?: string | null }): Workload | null {
  const code = workloadCode?.replace(/[\s_-]/g, '').toUpperCase();
  if (code && byCode[code]) return byCode[code];
  if (workloadName) for (const [pattern, workload] of byName) if (pattern.test(workloadName)) return workload;
  return null;
}
