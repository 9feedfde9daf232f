import { describe, expect, it } from 'vitest';
import { codeDate, formatDossierCode, isDossierCode, sequenceName } from '#shared/domain/dossier-code.ts';

describe('dossier code', () => {
  it('is {unitCode}-{yyMMdd}-{NNNN} with the date in Asia/Ho_Chi_Minh', () => {
    // 2025-07-14 17:30 UTC is already 15 July in Vietnam
    const code = formatDossierCode('000.21.01.H49', new Date('2025-07-14T17:30:00Z'), 4);
    expect(code).toBe('000.21.01.H49-250715-0004');
    expect(isDossierCode(code)).toBe(true);
  });

  it('keeps growing past four digits instead of wrapping', () => {
    expect(formatDossierCode('000.21.01.H49', new Date('2025-07-15T08:00:00+07:00'), 12345)).toBe(
      '000.21.01.H49-250715-12345',
    );
  });

  it('restarts its sequence per unit and local day', () => {
    const lateEvening = new Date('2025-07-15T23:59:00+07:00');
    const nextMorning = new Date('2025-07-16T00:01:00+07:00');
    expect(sequenceName('U', lateEvening)).toBe('U#250715');
    expect(sequenceName('U', nextMorning)).toBe('U#250716');
    expect(codeDate(nextMorning)).toBe('250716');
  });

  it('refuses a sequence number below 1', () => {
    expect(() => formatDossierCode('U', new Date(), 0)).toThrow(RangeError);
  });
});
