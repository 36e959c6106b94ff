// Helpers every service's application layer uses: its clock, new aggregate ids, and what a write answers.
export * from './clock';
export * from './ids';
export * from './write-result';
