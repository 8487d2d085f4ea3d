'use client';

import { useEffect, useState } from 'react';

/** localStorage key of the chosen theme. */
export const themeStorageKey = 'janus-chat-ui:theme';

/**
 * Sets the theme before first paint (inlined in `<head>`): the saved choice,
 * else the system preference. Avoids a light flash in dark mode.
 */
export const themeBootScript = `try{var t=localStorage.getItem('${themeStorageKey}');if(t!=='light'&&t!=='dark'){t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.dataset.theme=t}catch(e){}`;

/** Switches between light and dark and remembers the choice. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<'light' | 'dark' | null>(null);
  useEffect(() => {
    setTheme(
      document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
    );
  }, []);
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem(themeStorageKey, next);
    setTheme(next);
  };
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      aria-label={
        theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'
      }
      onClick={toggle}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
