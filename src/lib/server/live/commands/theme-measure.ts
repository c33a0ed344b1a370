// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * How well "suggest groupings" finds the groups a person would see, measured on labelled concerns
 * (theme-corpus.json, English and Dutch). Used by its spec and by docs/themes.md.
 *
 * A meeting suggests groupings over the concerns it has, not over a hundred at once: the concerns of each language
 * are dealt out into meetings of `meetingSize` (topics mixed, in a fixed order), and each meeting is grouped on its
 * own. Scores are over pairs of concerns: precision is the share of pairs put together that belong together (the
 * same label), recall the share of pairs that belong together that were put together.
 */
import corpus from './theme-corpus.json';
import type { Grouping, TextItem } from './similarity';

export type ThemeRow = { language: string; label: string; text: string };

const rows = (list: string[][]): ThemeRow[] =>
	list.map(([language = '', label = '', text = '']) => ({ language, label, text }));

export const tuningRows = (): ThemeRow[] => rows(corpus.tuning);
export const heldOutRows = (): ThemeRow[] => rows(corpus.heldOut);

export interface GroupingScore {
	precision: number;
	recall: number;
	/** Pairs put together that belong together, put together that do not, and that belong together but were not. */
	pairs: { together: number; wrong: number; missed: number };
	meetings: number;
}

/** Deals each language's rows out round-robin by label, so that each meeting holds several topics. */
function meetings(all: ThemeRow[], meetingSize: number): ThemeRow[][] {
	const out: ThemeRow[][] = [];
	for (const language of [...new Set(all.map((r) => r.language))]) {
		const byLabel = new Map<string, ThemeRow[]>();
		for (const row of all.filter((r) => r.language === language))
			byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
		const dealt: ThemeRow[] = [];
		const queues = [...byLabel.values()];
		while (queues.some((q) => q.length > 0))
			for (const q of queues) {
				const next = q.shift();
				if (next) dealt.push(next);
			}
		for (let i = 0; i < dealt.length; i += meetingSize) out.push(dealt.slice(i, i + meetingSize));
	}
	return out;
}

export function measureGrouping(
	group: (items: TextItem[]) => Grouping[],
	all: ThemeRow[],
	meetingSize = 16
): GroupingScore {
	const pairs = { together: 0, wrong: 0, missed: 0 };
	const split = meetings(all, meetingSize);
	for (const meeting of split) {
		const groupOf = new Map<string, number>();
		group(meeting.map((row, i) => ({ id: String(i), text: row.text }))).forEach((g, n) => {
			for (const id of g.ids) groupOf.set(id, n);
		});
		for (let i = 0; i < meeting.length; i++)
			for (let j = i + 1; j < meeting.length; j++) {
				const same = meeting[i]?.label === meeting[j]?.label;
				const a = groupOf.get(String(i));
				const put = a !== undefined && a === groupOf.get(String(j));
				if (put && same) pairs.together += 1;
				else if (put) pairs.wrong += 1;
				else if (same) pairs.missed += 1;
			}
	}
	const put = pairs.together + pairs.wrong;
	const belong = pairs.together + pairs.missed;
	return {
		precision: put === 0 ? 1 : pairs.together / put,
		recall: belong === 0 ? 1 : pairs.together / belong,
		pairs,
		meetings: split.length
	};
}
