import { CATEGORY_OWNERS, eventFamilyOf, eventRegistry, streamCategoriesOf } from '@grid/contracts';

describe('event streams', () => {
  test('every registered event names the stream categories it is appended to', () => {
    const undeclared = eventRegistry.types().filter((type) => {
      try {
        streamCategoriesOf(type);
        return false;
      } catch {
        return true;
      }
    });
    expect(undeclared).toEqual([]);
  });

  test('an event goes only to streams its own service owns', () => {
    const foreign = eventRegistry
      .types()
      .flatMap((type) => streamCategoriesOf(type).map((category) => ({ type, category, owner: CATEGORY_OWNERS[category] })))
      .filter(({ type, owner }) => !type.startsWith(`${owner}.`));
    expect(foreign).toEqual([]);
  });

  test('the family is the type without its verb', () => {
    expect(eventFamilyOf('grid-records.official-relative.registered')).toBe('grid-records.official-relative');
  });
});
