export function benchPage(mode: 'software' | 'swiftshader', options?: { ms?: number; query?: string }): Promise<Record<string, unknown>>;
