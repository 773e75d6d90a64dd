export function benchLab(options?: { backends?: string[]; budgetMs?: number }): Promise<Record<string, unknown>>;
