export * from './parasol-config';
