export const prefix = (name: string): string => `mts-${name}`;
