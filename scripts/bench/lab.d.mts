export function benchLab(options?: { backends?: string[]; budgetMs?: number; cnnBackends?: string[] }): Promise<Record<string, unknown>>;
