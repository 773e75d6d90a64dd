// Light or high-contrast projector theme, remembered on this device (theme.ts applies and stores it).

import { useState } from 'react';
import '../access.css';
import { chooseTheme, storedTheme, THEME_LABELS, THEMES, type ThemeName } from '../theme';

export function ThemeSwitch() {
  const [name, setName] = useState<ThemeName>(storedTheme);
  return (
    <div className="field">
      <label htmlFor="theme">Theme</label>
      <select
        id="theme"
        value={name}
        title="High contrast: black on white with larger type, for projectors"
        onChange={(e) => {
          const next = e.target.value as ThemeName;
          chooseTheme(next);
          setName(next);
        }}
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {THEME_LABELS[t]}
          </option>
        ))}
      </select>
    </div>
  );
}
