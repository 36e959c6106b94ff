import { maskIdNumber, maskName, maskPhone } from '@grid/platform';

describe('masks for read APIs', () => {
  it('names keep their first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('Li Lei')).toBe('L*****');
    expect(maskName('𠀀三')).toBe('𠀀*'); // a surrogate pair counts as one character
    expect(maskName(' 张三 ')).toBe('张*');
  });

  it('one-character or empty names show nothing', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
  });

  it('身份证 numbers keep the region code and the check character only (the birth date and sequence would identify)', () => {
    expect(maskIdNumber('330102199001011234')).toBe('330102***********4');
    expect(maskIdNumber('11010519491231002X')).toBe('110105***********X');
    expect(maskIdNumber('330102900101123')).toBe('330102********3'); // 15-digit first-generation card
    expect(maskIdNumber('1234567')).toBe('*******');
  });

  it('phones keep the carrier prefix and the last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('057187654321')).toBe('057*****4321');
    expect(maskPhone('1234567')).toBe('*******');
  });
});
