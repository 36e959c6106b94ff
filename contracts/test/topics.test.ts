import { categoryOf, deadLetterTopic, topicForCategory, topicForStream } from '@grid/contracts';

describe('topic naming', () => {
  test('one topic per service category, versioned by major', () => {
    expect(topicForStream('household-7f3a')).toBe('grid-records.household.v1');
    expect(topicForStream('election-2021-lengshuitan')).toBe('elections.election.v1');
    expect(topicForCategory('fund', 2)).toBe('charity.fund.v2');
    expect(topicForStream('project-12')).toBe('help-projects.project.v1');
  });

  test('the category is what stands before the first dash', () => {
    expect(categoryOf('household-a-b-c')).toBe('household');
    expect(() => categoryOf('nodash')).toThrow();
  });

  test('an unknown category has no topic rather than a guessed one', () => {
    expect(() => topicForStream('payments-1')).toThrow(/unknown stream category/);
  });

  test('dead letters go to <topic>.dlq', () => {
    expect(deadLetterTopic('grid-records.household.v1')).toBe('grid-records.household.v1.dlq');
  });
});
