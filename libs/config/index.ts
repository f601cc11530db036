export * from './parasol-config';
export * from './log-levels';
