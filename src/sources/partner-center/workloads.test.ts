import { describe, expect, it } from 'vitest';
import { workloadOf } from './workloads.js';

describe('workloadOf', () => {
  it('maps Partner Center workload codes to the six model workloads, OneDrive into sharepoint', () => {
    expect(workloadOf({ workloadCode: 'EXO' })).toBe('exchange');
    expect(workloadOf({ workloadCode: 'SPO' })).toBe('sharepoint');
    expect(workloadOf({ workloadCode: 'ODB' })).toBe('sharepoint');
    expect(workloadOf({ workloadCode: 'teams' })).toBe('teams');
    expect(workloadOf({ workloadCode: 'YAM' })).toBe('yammer');
    expect(workloadOf({ workloadCode: 'SFB' })).toBe('skype');
    expect(workloadOf({ workloadCode: 'OFFICE' })).toBe('office-apps');
  });

  it('falls back to the workload name when the code is unknown or absent', () => {
    expect(workloadOf({ workloadCode: 'X1', workloadName: 'OneDrive for Business' })).toBe('sharepoint');
    expect(workloadOf({ workloadName: 'Skype for Business Online' })).toBe('skype');
    expect(workloadOf({ workloadName: 'Microsoft 365 Apps for enterprise' })).toBe('office-apps');
    expect(workloadOf({ workloadName: 'Exchange Online' })).toBe('exchange');
  });

  it('returns null for workloads outside the model rather than guessing', () => {
    expect(workloadOf({ workloadCode: 'CRM', workloadName: 'Dynamics 365 Sales' })).toBeNull();
    expect(workloadOf({})).toBeNull();
  });
});
