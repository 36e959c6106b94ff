// Test residents: valid 身份证 numbers (GB 11643 check character computed) with names and phones.
import { checkCharacter } from '../../src/domain';

/** A valid ID number from its first 17 digits (region 6, birth date 8, sequence 3). */
export const idNumber = (first17: string): string => `${first17}${checkCharacter(first17)}`;

export const people = {
  head: { relation: 'head', name: '王秀英', idNumber: idNumber('43110319520314002'), phone: '13807461234' },
  spouse: { relation: 'spouse', name: '李建国', idNumber: idNumber('43110319500802003'), phone: '13907465678' },
  child: { relation: 'child', name: '李小红', idNumber: idNumber('43110320120601004') },
  other: { relation: 'head', name: '赵德胜', idNumber: idNumber('43110319601120005'), phone: '13512345678' },
  third: { relation: 'head', name: '孙丽华', idNumber: idNumber('43110319750505006'), phone: '15012345678' },
  fourth: { relation: 'head', name: '周文斌', idNumber: idNumber('43110319800101007') },
  fifth: { relation: 'head', name: '吴桂兰', idNumber: idNumber('43110319450909008') },
  grandson: { relation: 'grandchild', name: '赵小龙', idNumber: idNumber('43110320050101009') },
} as const;

/** A number whose check character is wrong: one mistyped digit. */
export const badChecksum = (id: string): string => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
