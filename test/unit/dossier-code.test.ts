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

  it('refuses a sequence that is not a whole number, and numbers the first dossier 0001', () => {
    expect(() => formatDossierCode('U', new Date(), 1.5)).toThrow(RangeError);
    expect(formatDossierCode('U', new Date('2025-07-15T08:00:00+07:00'), 1)).toBe('U-250715-0001');
  });

  it('changes day at local midnight, which is 17:00 UTC', () => {
    expect(codeDate(new Date('2025-07-14T16:59:59.999Z'))).toBe('250714');
    expect(codeDate(new Date('2025-07-14T17:00:00Z'))).toBe('250715');
    expect(codeDate(new Date('2025-12-31T17:00:00Z'))).toBe('260101');
  });

  it('recognizes only whole codes of the form', () => {
    expect(isDossierCode('000.21.01.H49-250715-0001')).toBe(true);
    expect(isDossierCode('H49-250715-123456')).toBe(true);
    for (const notACode of [
      '000.21.01.H49-250715-001', // sequence under 4 digits
      '000.21.01.H49-25071-0001', // date of 5 digits
      '000.21.01.H49-2507150-0001', // date of 7 digits
      '-250715-0001', // no unit
      '000.21.01.H49_x-250715-0001', // a character no unit code has
      ' 000.21.01.H49-250715-0001', // leading text
      '000.21.01.H49-250715-0001 ', // trailing text
      '000.21.01.H49-250715-000a',
    ]) {
      expect(isDossierCode(notACode), notACode).toBe(false);
    }
  });

  it('says which sequence it refused', () => {
    expect(() => formatDossierCode('U', new Date(), 0)).toThrow(/^invalid sequence 0$/);
  });
});
