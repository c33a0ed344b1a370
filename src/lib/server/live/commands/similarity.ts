// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * Suggested groupings of concerns by how alike their words are. Plain and predictable on purpose: normalised
 * words without the commonest English and Dutch ones, a light suffix trim, then cosine similarity of word
 * counts and single-link grouping above a threshold. The facilitator accepts or ignores a suggestion; nothing is
 * grouped automatically.
 */

const STOP_WORDS = new Set(
	// English
	(
		'a an and are as at be been but by can could do does for from had has have he her him his how i if in into ' +
		'is it its just me more my no not of on or our out so some that the their them then there these they this ' +
		'to too up us very was we were what when where which who why will with would you your about also am any ' +
		'because being did get got going if im its much only over really still such than us want worried worry ' +
		'afraid think feel feels people someone something ' +
		// Dutch
		'aan al alles als bij ben dan dat de der des die dit doen door dus een eens en er ga gaan geen had heb ' +
		'hebben heeft hem het hier hij hoe hun ik in is ja je jij kan kon kunnen maar me meer men met mij mijn ' +
		'moet na naar niet niets nog nu of om omdat onder ons ook op over te tegen toch tot u uit van veel voor ' +
		'waar wat we wel werd wie wil worden wordt zal ze zei zelf zich zij zijn zo zou zorgen bang denk voel ' +
		'mensen iemand iets'
	).split(' ')
);

/** Lower-cased words of three letters or more, stop words out, common plural/verb endings trimmed. */
export function tokens(text: string): string[] {
	return (
		text
			.toLowerCase()
			.normalize('NFKD')
			.replace(/\p{M}/gu, '')
			.match(/\p{L}+/gu) ?? []
	)
		.filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
		.map(stem);
}

/** A very light stemmer: enough that "child"/"children", "school"/"schools", "kind"/"kinderen" meet. */
function stem(word: string): string {
	for (const suffix of ['eren', 'ren', 'ing', 'ies', 'es', 'en', 's']) {
		if (word.length - suffix.length >= 4 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
	}
	return word;
}

function counts(words: string[]): Map<string, number> {
	const map = new Map<string, number>();
	for (const w of words) map.set(w, (map.get(w) ?? 0) + 1);
	return map;
}

/** Cosine similarity of two word-count vectors (0 when either is empty). */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (const [w, n] of a) {
		na += n * n;
		dot += n * (b.get(w) ?? 0);
	}
	for (const n of b.values()) nb += n * n;
	return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface TextItem {
	id: string;
	text: string;
}

export interface Grouping {
	ids: string[];
	/** The words most of the group shares, as a starting title. */
	words: string[];
}

/**
 * Groups of two or more items whose texts are alike (cosine ≥ `threshold` with at least one other member),
 * largest first. Items alike with nothing are left out: they are not a suggestion.
 */
export function groupBySimilarity(items: TextItem[], threshold = 0.3): Grouping[] {
	const vectors = items.map((item) => counts(tokens(item.text)));
	// Union-find over the items: single-link clustering.
	const parent = items.map((_, i) => i);
	const find = (i: number): number => {
		let root = i;
		while (parent[root] !== root) root = parent[root] ?? root;
		parent[i] = root;
		return root;
	};
	for (let i = 0; i < items.length; i++) {
		for (let j = i + 1; j < items.length; j++) {
			const a = vectors[i];
			const b = vectors[j];
			if (a && b && cosine(a, b) >= threshold) parent[find(j)] = find(i);
		}
	}
	const groups = new Map<number, number[]>();
	for (let i = 0; i < items.length; i++) {
		const root = find(i);
		groups.set(root, [...(groups.get(root) ?? []), i]);
	}
	return [...groups.values()]
		.filter((members) => members.length >= 2)
		.map((members) => {
			// Words used by the most members (each member counted once per word).
			const shared = new Map<string, number>();
			for (const i of members)
				for (const w of vectors[i]?.keys() ?? []) shared.set(w, (shared.get(w) ?? 0) + 1);
			const words = [...shared.entries()]
				.filter(([, n]) => n >= 2)
				.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
				.slice(0, 3)
				.map(([w]) => w);
			return { ids: members.map((i) => items[i]?.id ?? ''), words };
		})
		.sort((x, y) => y.ids.length - x.ids.length);
}
