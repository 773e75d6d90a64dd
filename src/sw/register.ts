// Page side of the service worker (production builds only; main.tsx calls this): register it after the page
// has loaded (its precache never competes with the app's own start-up), and when a new version has installed
// behind the running one, say so; reload hands over to it.

import './update-notice.css';

/** Set to 'on' (localStorage) to register under automation too, as the offline e2e test does. */
export const AUTOMATION_OPT_IN = 'ar-explorer:sw';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // Automated browsers (e2e tests, the benchmark) measure the app: keep the ~20 MB precache out of their
  // timings unless a test asks for it.
  if (navigator.webdriver && readOptIn() !== 'on') return;
  const register = () =>
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`)
      .then((reg) => {
        if (reg.waiting && navigator.serviceWorker.controller) showNotice(reg.waiting);
        reg.addEventListener('updatefound', () => {
          const next = reg.installing;
          next?.addEventListener('statechange', () => {
            // Installed while another version controls the page: an update, not the first visit.
            if (next.state === 'installed' && navigator.serviceWorker.controller) showNotice(next);
          });
        });
      })
      .catch((err: unknown) =>
        console.warn(`[sw] not registered; the app needs the network: ${String(err)}`),
      );
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

function readOptIn(): string | null {
  try {
    return localStorage.getItem(AUTOMATION_OPT_IN);
  } catch {
    return null;
  }
}

/** A small notice outside React (the app tree is not involved in updating itself). */
function showNotice(waiting: ServiceWorker): void {
  if (document.getElementById('update-notice')) return;
  const box = document.createElement('div');
  box.id = 'update-notice';
  box.className = 'update-notice';
  box.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = 'A new version is available — ';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'btn primary';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), {
      once: true,
    });
    waiting.postMessage({ type: 'skip-waiting' });
  });
  const later = document.createElement('button');
  later.type = 'button';
  later.className = 'btn';
  later.textContent = 'Later';
  later.title = 'It is used on your next visit';
  later.addEventListener('click', () => box.remove());
  box.append(text, reload, later);
  document.body.append(box);
}
