// Typeset TeX with KaTeX (bundled with its fonts, so lessons work offline). A formula that fails to parse
// shows as red source instead of throwing.

import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' }),
    [tex, display],
  );
  const Tag = display ? 'div' : 'span';
  return <Tag className={display ? 'tex tex-display' : 'tex'} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Prose with inline formulas between $…$. */
export function Prose({ text }: { text: string }) {
  const parts = text.split('$');
  return <>{parts.map((part, i) => (i % 2 ? <Tex key={i} tex={part} /> : <span key={i}>{part}</span>))}</>;
}
