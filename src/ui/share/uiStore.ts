// The page's own shareable settings that are neither the relaxation's config nor the lab's draft: the view,
// panel and chart choices, the lesson, the classroom restrictions and the link notice. Kept in a store (not
// component state) so a link, a preset or a lesson step can set them from outside the components.

import { useState } from 'react';
import { create } from 'zustand';
import type { ControlId, ConvMetric, PanelId, View } from './schema';
import { PANELS } from './schema';

export interface UiState {
  view: View;
  metric: ConvMetric;
  overlay: boolean;
  collapsed: PanelId[];
  hide: (PanelId | ControlId)[];
  lock: ControlId[];
  embed: boolean;
  lesson: string | null;
  lessonStep: number;
  /** Link entries that were ignored; shown until dismissed. */
  problems: string[];
  set(patch: Partial<Omit<UiState, 'set' | 'toggleCollapsed'>>): void;
  toggleCollapsed(id: PanelId): void;
}

export const useUiStore = create<UiState>()((set) => ({
  view: 'relax',
  metric: 'relError',
  overlay: false,
  collapsed: [],
  hide: [],
  lock: [],
  embed: false,
  lesson: null,
  lessonStep: 0,
  problems: [],
  set: (patch) => set(patch),
  toggleCollapsed: (id) =>
    set((s) => ({
      collapsed: s.collapsed.includes(id) ? s.collapsed.filter((c) => c !== id) : [...s.collapsed, id],
    })),
}));

const PANEL_BY_NAME = new Map<string, PanelId>(
  Object.entries(PANELS).map(([id, name]) => [name, id as PanelId]),
);

/** A panel's link id from its region name (null for a panel links do not know). */
export const panelIdOf = (name: string): PanelId | null => PANEL_BY_NAME.get(name) ?? null;

/** Collapsed and hidden state of a panel, kept in the link; a panel links do not know keeps its own. */
export function usePanelCollapsed(name: string): { collapsed: boolean; hidden: boolean; toggle: () => void } {
  const id = panelIdOf(name);
  const [local, setLocal] = useState(false);
  const shared = useUiStore((s) => (id ? s.collapsed.includes(id) : false));
  const hidden = useUiStore((s) => (id ? s.hide.includes(id) : false));
  const toggle = useUiStore((s) => s.toggleCollapsed);
  return {
    collapsed: id ? shared : local,
    hidden,
    toggle: () => (id ? toggle(id) : setLocal((c) => !c)),
  };
}

export const LOCKED_TITLE = 'Locked by your teacher';

/** Whether a header control is locked or hidden by a classroom link. */
export function useControl(id: ControlId): { locked: boolean; hidden: boolean } {
  const locked = useUiStore((s) => s.lock.includes(id));
  const hidden = useUiStore((s) => s.hide.includes(id));
  return { locked, hidden };
}
