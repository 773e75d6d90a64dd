export function benchBrowser(options?: { backends?: string[]; ms?: number }): Promise<Record<string, unknown>>;
