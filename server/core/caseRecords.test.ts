import { describe, expect, it } from 'vitest';
import { phoneKey, plateKey } from './caseRecords.js';

describe('recognising a returning customer', () => {
  it('reads one phone number however it is written', () => {
    for (const written of ['+86 138 0013 8000', '0086-138-0013-8000', '138 0013 8000', '(138) 0013-8000', '+86 13800138000']) {
      expect(phoneKey(written), written).toBe('13800138000');
    }
    expect(phoneKey('020-8888 0000')).toBe('02088880000');
    expect(phoneKey('n/a')).toBeNull();
  });

  it('reads one plate however it is written', () => {
    for (const written of ['粤A·12345', '粤a 12345', '粤A12345', '粤A-12345', ' 粤A.12345 ']) expect(plateKey(written), written).toBe('粤A12345');
    expect(plateKey(' · ')).toBeNull();
  });
});
