export function benchLab(options?: {
  backends?: string[];
  budgetMs?: number;
  cnnBackends?: string[];
  arRepeats?: number;
}): Promise<Record<string, unknown>>;
