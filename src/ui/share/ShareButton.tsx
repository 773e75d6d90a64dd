// "Share": copies the link for what is on screen. Where the clipboard is refused (an insecure origin, a
// locked-down school browser), the link appears in a selected text field to copy by hand.

import { useRef, useState } from 'react';
import { currentShareState, linkFor } from './apply';

export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function ShareButton() {
  const [said, setSaid] = useState('');
  const [manual, setManual] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const share = async () => {
    const link = linkFor(currentShareState());
    const ok = await copyText(link);
    setManual(ok ? null : link);
    setSaid(ok ? 'Link copied' : 'Copy the link below');
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setSaid(''), 4000);
  };

  return (
    <span className="share">
      <button
        type="button"
        className="btn"
        onClick={() => void share()}
        title="Copy a link that opens this exact setup"
      >
        Share
      </button>
      <span role="status" className="share-said">
        {said}
      </span>
      {manual !== null && (
        <span className="share-manual">
          <input
            readOnly
            aria-label="Link to copy"
            value={manual}
            ref={(el) => el?.select()}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" className="btn" onClick={() => setManual(null)}>
            Done
          </button>
        </span>
      )}
    </span>
  );
}
