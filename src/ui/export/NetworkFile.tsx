// Network file export / import (under "More"): the worker writes the current network's forward and backward
// weights as JSON, and replaces them from a file, relaxing again from step 0 on the same batch. The worker
// checks the file; a refused file leaves the run exactly as it was, and the message says why.

import { useRef, useState } from 'react';
import { MAX_SNAPSHOT_CHARS } from '../../protocol';
import { useArStore } from '../../store';
import { useClient } from '../clientContext';
import { saveFile } from './download';
import './export.css';

export function NetworkFile() {
  const client = useClient();
  const ready = useArStore((s) => s.net !== null && s.net.preset !== 'lab');
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const exportNet = async () => {
    setMessage(null);
    try {
      const snap = await client.exportSnapshot();
      const { config } = useArStore.getState();
      saveFile(
        `ar-explorer-network-${config.preset}-seed${config.seed}-step${snap.step}.json`,
        snap.text,
        'application/json',
      );
      setMessage({ text: 'Network saved.', error: false });
    } catch (err) {
      setMessage({ text: `Could not export the network: ${(err as Error).message}`, error: true });
    }
  };

  const importNet = async (file: File) => {
    setBusy(true);
    setMessage(null);
    try {
      if (file.size > MAX_SNAPSHOT_CHARS) throw new Error('the file is too large to be a network file.');
      await client.importSnapshot(await file.text());
      setMessage({ text: `Loaded ${file.name}: back at step 0 on the same batch.`, error: false });
    } catch (err) {
      const why = (err as Error).message;
      setMessage({ text: `Could not import ${file.name}: ${why} Nothing was changed.`, error: true });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="network-file" role="group" aria-label="Network file">
      <span className="network-file-label">Network file</span>
      <button
        type="button"
        className="btn"
        disabled={!ready}
        onClick={() => void exportNet()}
        title="Save the current network's weights and backward weights as JSON"
      >
        Save network file
      </button>
      <button
        type="button"
        className="btn"
        disabled={!ready || busy}
        onClick={() => input.current?.click()}
        title="Replace the network's weights with a saved network file (same input and output sizes)"
      >
        Load network file…
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Network file to import"
        data-testid="network-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importNet(file);
        }}
      />
      {message && (
        <p
          role={message.error ? 'alert' : 'status'}
          className={`network-file-message${message.error ? ' error' : ''}`}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
