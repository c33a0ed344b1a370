/**
 * Whether the console's single-key shortcuts (a, h, j, k, p, q…) are on (WCAG 2.1.4: a person whose speech
 * input or tremor types stray letters can turn them off). Remembered in this browser's localStorage; on by
 * default. Every key handler of the console asks `singleKeys` first; Escape, not a character key, always works.
 */
const STORAGE_KEY = 'hearth.console.singleKeyShortcuts';

class ShortcutSetting {
	enabled = $state(true);

	/** Reads what this browser remembered (called once the page runs in a browser). */
	load(): void {
		try {
			this.enabled = localStorage.getItem(STORAGE_KEY) !== 'off';
		} catch {
			// Storage refused (a private window's policy): shortcuts stay on for this page.
		}
	}

	set(enabled: boolean): void {
		this.enabled = enabled;
		try {
			localStorage.setItem(STORAGE_KEY, enabled ? 'on' : 'off');
		} catch {
			// Not remembered, but in force for this page.
		}
	}
}

export const shortcuts = new ShortcutSetting();

/**
 * Whether a keydown is one of the console's single-key shortcuts to act on: shortcuts on, no modifier, not
 * typed into a field, not a dialog open.
 */
export function singleKey(event: KeyboardEvent): boolean {
	if (!shortcuts.enabled || event.ctrlKey || event.metaKey || event.altKey) return false;
	const target = event.target as HTMLElement | null;
	if (target?.closest('input, textarea, select, [contenteditable="true"], dialog')) return false;
	return !document.querySelector('dialog[open]');
}
